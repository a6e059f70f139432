// Jest on Node 20 cannot require() ESM; NestJS 12 ships ESM only. Transpile it to CommonJS for tests.
const { createHash } = require('node:crypto');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  allowJs: true,
};

module.exports = {
  getCacheKey(source, path) {
    return createHash('sha1').update('esm-to-cjs-4').update(ts.version).update(path).update(source).digest('hex');
  },
  process(source, path) {
    const withoutImportMeta = source
      // `const require = createRequire(import.meta.url)` would shadow CommonJS's own require.
      .replace(/^const require = createRequire\(import\.meta\.url\);$/m, '')
      .replace(/\bimport\.meta\.resolve\(/g, 'require.resolve(')
      .replace(/\bimport\.meta\.dirname\b/g, '__dirname')
      .replace(/\bimport\.meta\.filename\b/g, '__filename')
      .replace(/\bimport\.meta\.url\b/g, "require('node:url').pathToFileURL(__filename).href");
    return { code: ts.transpileModule(withoutImportMeta, { fileName: path, compilerOptions }).outputText };
  },
};
