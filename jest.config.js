const { readFileSync } = require('node:fs');
const { pathsToModuleNameMapper } = require('ts-jest');
const ts = require('typescript');

/** The workspace aliases (@app/...) as tsconfig.json declares them: one list, read here rather than copied. */
const { config: tsconfig } = ts.parseConfigFileTextToJson(
  'tsconfig.json',
  readFileSync(`${__dirname}/tsconfig.json`, 'utf8'),
);

/** @type {import('jest').Config} */
const shared = {
  transform: {
    // ts-jest warns on every run that nodenext wants isolatedModules: tsconfig has it; tsc type-checks separately.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }],
    // NestJS 12 ships ESM only and Jest cannot require() ESM on Node 20: transpile it for tests.
    '/node_modules/@nestjs/.+\\.js$': '<rootDir>/test/jest/esm-to-cjs.transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  moduleNameMapper: pathsToModuleNameMapper(tsconfig.compilerOptions.paths, { prefix: '<rootDir>/' }),
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/elma365/**/*.spec.ts'],
    },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
