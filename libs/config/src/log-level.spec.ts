import { enabledLogLevels } from './log-level';

describe(enabledLogLevels.name, () => {
  const sut = enabledLogLevels;

  it.each([
    ['fatal', ['fatal']],
    ['warn', ['fatal', 'error', 'warn']],
    ['log', ['fatal', 'error', 'warn', 'log']],
    ['verbose', ['fatal', 'error', 'warn', 'log', 'debug', 'verbose']],
  ] as const)('at %s enables %j', (level, expected) => {
    expect(sut(level)).toEqual(expected);
  });
});
