import { eventClassesOf, judgeEventClasses } from './ami-event-classes';

const LOGIN = 1_000_000;

function judge(lastLoginMs: number | null, classes: Record<string, number>) {
  const sut = judgeEventClasses;
  return sut({
    pbxId: 'office',
    username: 'connector',
    seen: { lastLoginMs, classes: new Map(Object.entries(classes)) },
    nowMs: LOGIN + 60_000,
  });
}

describe(eventClassesOf.name, () => {
  it('takes the classes of a Privilege header without `all`, lower-cased', () => {
    expect(eventClassesOf('call,all')).toEqual(['call']);
    expect(eventClassesOf('Call')).toEqual(['call']);
    expect(eventClassesOf('system,reporting,all')).toEqual(['system', 'reporting']);
    expect(eventClassesOf(undefined)).toEqual([]);
  });
});

describe(judgeEventClasses.name, () => {
  it('passes when call and dialplan events came since the last login', () => {
    const check = judge(LOGIN, { call: LOGIN + 10, dialplan: LOGIN + 20 });
    expect(check.ok).toBe(true);
    expect(check.detail).toContain('call, dialplan');
    expect(check.detail).toContain('no agent (queue) events');
  });

  it('fails when no event came since the login: make a test call', () => {
    const check = judge(LOGIN, { call: LOGIN - 10 });
    expect(check.ok).toBe(false);
    expect(check.fix).toContain('make a test call');
    expect(check.fix).toContain('read = call,agent,dialplan');
  });

  it('fails naming the missing class when only some arrive', () => {
    const check = judge(LOGIN, { call: LOGIN + 10, cdr: LOGIN + 10 });
    expect(check.ok).toBe(false);
    expect(check.detail).toContain('none of: dialplan');
    expect(check.fix).toContain('manager.conf');
  });

  it('fails when the ingest never recorded a login', () => {
    const check = judge(null, {});
    expect(check.ok).toBe(false);
    expect(check.detail).toContain('has not recorded a login');
  });
});
