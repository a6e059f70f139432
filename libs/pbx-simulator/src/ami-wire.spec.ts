import { createHash } from 'node:crypto';
import { amiLoginAccepted } from './ami-login';
import { AmiBlockSplitter, amiTimestamp, formatAmiBlock, headerValue, parseAmiTimestamp } from './ami-wire';

describe(AmiBlockSplitter.name, () => {
  it('cuts blocks at \\r\\n\\r\\n or a sloppy \\n\\n, keeps their bytes, and a character split across reads whole', () => {
    const sut = new AmiBlockSplitter();
    const text = Buffer.from('Action: Login\r\nUsername: Пётр\r\n\r\nAction: Ping\n\n');
    const cut = text.indexOf(Buffer.from('ё')) + 1;

    const first = sut.push(text.subarray(0, cut));
    const rest = sut.push(text.subarray(cut));

    expect(first).toEqual([]);
    expect(rest.map((b) => b.headers)).toEqual([
      [
        ['Action', 'Login'],
        ['Username', 'Пётр'],
      ],
      [['Action', 'Ping']],
    ]);
    expect(Buffer.concat(rest.map((b) => b.raw))).toEqual(text);
  });

  it('refuses a client that never ends a block', () => {
    const sut = new AmiBlockSplitter(16);
    expect(() => sut.push(Buffer.from('Action: Login\r\nUsername: x'))).toThrow(/without ending a block/);
  });
});

describe('the AMI wire format', () => {
  it('writes a block as Asterisk does, a record with repeated values or a pair list alike', () => {
    expect(formatAmiBlock({ Event: 'X', ChanVariable: ['A=1', 'B=2'] })).toBe(
      'Event: X\r\nChanVariable: A=1\r\nChanVariable: B=2\r\n\r\n',
    );
    expect(formatAmiBlock([['Event', 'X']])).toBe('Event: X\r\n\r\n');
    expect(headerValue([['Event', 'Hangup']], 'event')).toBe('Hangup');
  });

  it('gives timestamps as seconds.micros without float rounding, and reads them back', () => {
    expect(amiTimestamp(1_795_672_769_172)).toBe('1795672769.172000');
    expect(amiTimestamp(1_795_672_769_005)).toBe('1795672769.005000');
    expect(parseAmiTimestamp('1795672769.172000')).toBeCloseTo(1_795_672_769_172, 3);
    expect(parseAmiTimestamp('soon')).toBeUndefined();
  });
});

describe(amiLoginAccepted.name, () => {
  const key = (challenge: string, secret: string) => createHash('md5').update(`${challenge}${secret}`).digest('hex');

  it('takes the MD5 key of the challenge it gave, or the plain secret', () => {
    const md5 = (k: string) => ({ authType: 'MD5', secret: undefined, key: k });
    expect(amiLoginAccepted(md5(key('123456789', 's3cret')), 's3cret', '123456789')).toBe(true);
    expect(amiLoginAccepted(md5(key('123456789', 's3cret')), 's3cret', '987654321')).toBe(false);
    expect(amiLoginAccepted(md5(key('123456789', 's3cret')), 's3cret', undefined)).toBe(false);
    expect(amiLoginAccepted({ authType: undefined, secret: 's3cret', key: undefined }, 's3cret', undefined)).toBe(true);
    expect(amiLoginAccepted({ authType: undefined, secret: 'wrong', key: undefined }, 's3cret', undefined)).toBe(false);
  });
});
