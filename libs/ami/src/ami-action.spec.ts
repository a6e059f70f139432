import { AmiActionIdGenerator } from './ami-action-id';
import { actionHeaders, describeAction, serializeAction } from './ami-action';

describe('AMI action serialisation', () => {
  it('puts Action and ActionID first and replaces a given ActionID', () => {
    const sut = serializeAction({ Action: 'Ping', actionid: 'ignored', Extra: 'x' }, 'ami-1-abc');
    expect(sut.toString()).toBe('Action: Ping\r\nActionID: ami-1-abc\r\nExtra: x\r\n\r\n');
  });

  it('repeats array values, skips undefined and prints numbers and booleans', () => {
    expect(
      actionHeaders(
        { Action: 'Originate', Variable: ['A=1', 'B=2'], Priority: 1, Async: false, Account: undefined },
        'id',
      ),
    ).toEqual([
      ['Action', 'Originate'],
      ['ActionID', 'id'],
      ['Variable', 'A=1'],
      ['Variable', 'B=2'],
      ['Priority', '1'],
      ['Async', 'false'],
    ]);
  });

  it('strips NUL, which ends a C string in Asterisk, from names and values', () => {
    const sut = serializeAction({ Action: 'Originate', Variable: 'CRM_ID=1\0,TRANSFER_CONTEXT=x' }, 'id');
    expect(sut.toString()).toBe('Action: Originate\r\nActionID: id\r\nVariable: CRM_ID=1,TRANSFER_CONTEXT=x\r\n\r\n');
  });

  it('strips CR and LF from names and values', () => {
    const sut = serializeAction({ Action: 'Ping\r\n', 'Na\rme': 'va\r\n\r\nAction: Logoff' }, 'i\nd');
    expect(sut.toString()).toBe('Action: Ping\r\nActionID: id\r\nName: vaAction: Logoff\r\n\r\n');
  });

  it('encodes UTF-8', () => {
    expect(serializeAction({ Action: 'UserEvent', Name: 'Иван' }, 'id').includes(Buffer.from('Иван'))).toBe(true);
  });

  it('redacts Secret and Key in log lines', () => {
    const sut = describeAction({ Action: 'Login', Username: 'crm', secret: 'crmS3cret', KEY: 'abc' }, 'id');
    expect(sut).toBe('Action=Login ActionID=id Username=crm secret=*** KEY=***');
  });
});

describe('AmiActionIdGenerator', () => {
  it('makes prefix-counter-random IDs, unique per generator and across generators', () => {
    const a = new AmiActionIdGenerator('crm');
    const b = new AmiActionIdGenerator('crm');
    const first = a.next();
    expect(first).toMatch(/^crm-1-[0-9a-f]{12}$/);
    expect(a.next()).toMatch(/^crm-2-/);
    const ids = new Set([first]);
    for (let i = 0; i < 1000; i++) ids.add(a.next()).add(b.next());
    expect(ids.size).toBe(2001);
  });
});
