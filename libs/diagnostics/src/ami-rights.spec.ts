import { AmiMessage } from '@app/ami';
import { listCommandsHeaders } from '@app/sandbox';
import { type AmiUserRole, judgeAmiRights, listedActions } from './ami-rights';
import type { DiagnosticCheck } from './diagnostic-check';

/** What Asterisk answers to ListCommands for a user with these write classes. */
function listCommandsFor(writeClasses: string[]): AmiMessage {
  return new AmiMessage([['Response', 'Success'], ['ActionID', 'doctor-1'], ...listCommandsHeaders(writeClasses)]);
}

function judge(writeClasses: string[], role: AmiUserRole = 'both') {
  const sut = judgeAmiRights;
  return sut({ pbxId: 'office', username: 'connector', actions: listedActions(listCommandsFor(writeClasses)), role });
}

const verdicts = (checks: readonly DiagnosticCheck[]) => checks.map((c) => [c.id, c.ok]);

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
  it("passes the kit's two users, each for its role, on every line", () => {
    expect(verdicts(judge(['system', 'reporting'], 'events'))).toEqual([
      ['ami.rights.list', true],
      ['ami.rights.least-privilege', true],
    ]);
    expect(verdicts(judge(['originate'], 'originate'))).toEqual([
      ['ami.rights.originate', true],
      ['ami.rights.originate-least-privilege', true],
    ]);
  });

  it('fails one user with system and originate (Originate could run System): the fix is a second user', () => {
    const checks = judge(['system', 'reporting', 'originate']);
    expect(verdicts(checks)).toEqual([
      ['ami.rights.list', true],
      ['ami.rights.originate', true],
      ['ami.rights.least-privilege', false],
    ]);
    expect(checks[2].detail).toContain('System');
    expect(checks[2].fix).toContain('AMI_ORIGINATE_URL');
  });

  it('fails the click-to-call user when it has system, and the events user when it may originate', () => {
    const originate = judge(['originate', 'system'], 'originate');
    expect(originate.find((c) => c.id === 'ami.rights.originate-least-privilege')?.ok).toBe(false);
    const events = judge(['system', 'reporting', 'originate'], 'events');
    expect(events.find((c) => c.id === 'ami.rights.least-privilege')?.detail).toContain('AMI_ORIGINATE_URL');
  });

  it('passes a single user without system on least privilege but fails its endpoint list', () => {
    expect(verdicts(judge(['reporting', 'originate']))).toEqual([
      ['ami.rights.list', false],
      ['ami.rights.originate', true],
      ['ami.rights.least-privilege', true],
    ]);
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
