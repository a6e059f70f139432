import { formatSetVariable, formatVerbose, quoteAgiArgument } from './agi-command';

describe('AGI command formatting', () => {
  it.each([
    ['plain', '"plain"'],
    ['Иван Петров', '"Иван Петров"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['\\"', '"\\\\\\""'],
    ['', '""'],
  ])('quotes %p as %p', (value, quoted) => {
    expect(quoteAgiArgument(value)).toBe(quoted);
  });

  it('a value cannot start a second command: CR and LF are dropped', () => {
    const sut = formatSetVariable('CRM_CALLER_NAME', 'Ann\r\nEXEC Dial PJSIP/666\nx');

    expect(sut).not.toMatch(/[\r\n]/);
    expect(sut).toBe('SET VARIABLE CRM_CALLER_NAME "Ann EXEC Dial PJSIP/666 x"');
  });

  it('SET VARIABLE with a quoted value', () => {
    expect(formatSetVariable('CRM_ACTION', 'forward')).toBe('SET VARIABLE CRM_ACTION "forward"');
  });

  it.each(['', 'A B', 'X"', 'A\nB', 'CALLERID(name)'])('refuses the variable name %p', (name) => {
    expect(() => formatSetVariable(name, 'v')).toThrow(/invalid channel variable name/);
  });

  it('VERBOSE with a level in 1-4', () => {
    expect(formatVerbose('no "handler"', 9)).toBe('VERBOSE "no \\"handler\\"" 4');
  });
});
