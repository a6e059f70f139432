import { AgiLineReader } from './agi-line-reader';

describe('AgiLineReader', () => {
  it('joins lines split across chunks, UTF-8 included, and drops CR', () => {
    const sut = new AgiLineReader(100);
    const bytes = Buffer.from('agi_calleridname: Иван\r\n\n');

    expect(sut.push(bytes.subarray(0, 21))).toEqual([]);
    expect(sut.push(bytes.subarray(21))).toEqual(['agi_calleridname: Иван', '']);
  });

  it('refuses a line past the bound, even before its newline', () => {
    const sut = new AgiLineReader(10);

    expect(() => sut.push(Buffer.from('x'.repeat(11)))).toThrow(/longer than 10/);
  });
});
