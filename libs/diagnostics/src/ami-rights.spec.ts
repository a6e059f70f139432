import { AmiMessage } from '@app/ami';
import { listCommandsHeaders } from '@app/sandbox';
import { judgeAmiRights, listedActions } from './ami-rights';

/** What Asterisk answers to ListCommands for a user with these write classes. */
function listCommandsFor(writeClasses: string[]): AmiMessage {
  return new AmiMessage([['Response', 'Success'], ['ActionID', 'doctor-1'], ...listCommandsHeaders(writeClasses)]);
}

function judge(writeClasses: string[]) {
  const sut = judgeAmiRights;
  return sut({ pbxId: 'office', username: 'connector', actions: listedActions(listCommandsFor(writeClasses)) });
}

describe(listedActions.name, () => {
  it('reads each action header with its classes, leaving out Response and ActionID', () => {
    const sut = listedActions;
    const actions = sut(
      new AmiMessage([
        ['Response', 'Success'],
        ['ActionID', 'x'],
        ['Originate', 'Originate a call. (Priv: originate,all)'],
        ['Ping', 'Keepalive command. (Priv: <none>)'],
      ]),
    );
    expect([...actions.keys()]).toEqual(['originate', 'ping']);
    expect(actions.get('originate')).toEqual(['originate']);
    expect(actions.get('ping')).toEqual([]);
  });
});

describe(judgeAmiRights.name, () => {
  it('passes the recommended user (write = system,reporting,originate) on every line', () => {
    const checks = judge(['system', 'reporting', 'originate']);
    expect(checks.map((c) => [c.id, c.ok])).toEqual([
      ['ami.rights.list', true],
      ['ami.rights.originate', true],
      ['ami.rights.least-privilege', true],
    ]);
    expect(checks[2].detail).toContain('System()');
  });

  it('fails least privilege when command is granted, naming manager.conf in the fix', () => {
    const least = judge(['system', 'reporting', 'originate', 'command']).find(
      (c) => c.id === 'ami.rights.least-privilege',
    );
    expect(least?.ok).toBe(false);
    expect(least?.detail).toContain('command');
    expect(least?.fix).toContain('manager.conf');
  });

  it('fails least privilege for write = all', () => {
    expect(judge(['all']).find((c) => c.id === 'ami.rights.least-privilege')?.ok).toBe(false);
  });

  it('fails originate and the lists when only reporting is granted', () => {
    const checks = judge(['reporting']);
    expect(checks.find((c) => c.id === 'ami.rights.originate')?.ok).toBe(false);
    const list = checks.find((c) => c.id === 'ami.rights.list');
    expect(list?.ok).toBe(false);
    expect(list?.detail).toContain('PJSIPShowEndpoints');
    expect(list?.detail).not.toContain('CoreShowChannels (');
  });
});
