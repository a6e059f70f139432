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
    return createHash('sha1').update('esm-to-cjs-1').update(ts.version).update(path).update(source).digest('hex');
  },
  process(source, path) {
    const withoutImportMeta = source.replace(
      /\bimport\.meta\.url\b/g,
      "require('node:url').pathToFileURL(__filename).href",
    );
    return { code: ts.transpileModule(withoutImportMeta, { fileName: path, compilerOptions }).outputText };
  },
};
