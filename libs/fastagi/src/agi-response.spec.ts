import { parseAgiResponse } from './agi-response';

describe('parseAgiResponse', () => {
  it.each([
    ['200 result=1', { code: 200, result: '1', data: null }],
    ['200 result=0 (timeout)', { code: 200, result: '0', data: 'timeout' }],
    ['510 Invalid or unknown command', { code: 510, result: null, data: null }],
    ['511 Command Not Permitted on a dead channel or intercept routine', { code: 511, result: null }],
    ['520 End of proper usage.', { code: 520, result: null }],
  ])('%p', (line, expected) => {
    expect(parseAgiResponse(line)).toMatchObject(expected);
  });

  it.each(['520-Invalid command syntax.  Proper usage follows:', ' Usage: SET VARIABLE', ''])(
    '%p is not final',
    (line) => {
      expect(parseAgiResponse(line)).toBeUndefined();
    },
  );
});
