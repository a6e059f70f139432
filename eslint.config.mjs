// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const processEnvMessage =
  'Read configuration through AppConfig (@app/config); only the loader (libs/config/src/load-config.ts) reads process.env.';
const libsImportingAppsMessage = 'Libraries never import applications: move the shared code into a lib.';

const envImports = ['process', 'node:process'].map((name) => ({
  name,
  importNames: ['env'],
  message: processEnvMessage,
}));
const appsPatterns = [{ group: ['apps/*', '**/apps/**', '@apps/*'], message: libsImportingAppsMessage }];

/** Applications compose libs; only apps/all composes other applications' modules. */
const APPS = ['api', 'cli', 'ingest', 'worker'];
const appImportingAppsMessage =
  'An application never imports another application: move the shared code into a lib (only apps/all composes apps).';
/** The rule for files of `app`: any path into another app's folder (relative or through apps/). */
const otherAppsPattern = (app) => ({
  regex: `(^|/)(${[...APPS, 'all'].filter((other) => other !== app).join('|')})/src(/|$)`,
  message: appImportingAppsMessage,
});

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'coverage/', '.tmp/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // Also catches `const { env } = process`.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: processEnvMessage }],
      'no-restricted-imports': ['error', { paths: envImports }],
    },
  },
  {
    files: ['libs/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: envImports, patterns: appsPatterns }],
    },
  },
  ...APPS.map((app) => ({
    files: [`apps/${app}/**`],
    rules: {
      'no-restricted-imports': ['error', { paths: envImports, patterns: [otherAppsPattern(app)] }],
    },
  })),
  {
    // The loader alone: every other file of the config lib, the sandbox's environment included, is handed the values.
    files: ['libs/config/src/load-config.ts'],
    rules: {
      'no-restricted-properties': 'off',
      'no-restricted-imports': ['error', { patterns: appsPatterns }],
    },
  },
  {
    // Lets two test runs on one machine use their own database and Redis db; nothing else in the tests reads the env.
    files: ['test/support/test-database.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: {
      globals: {
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        __filename: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
