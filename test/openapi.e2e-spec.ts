import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const COMMITTED_DOCUMENT = path.join(ROOT, 'docs/openapi.json');

/**
 * Builds the document exactly as `npm run openapi` does: from a tsc build, because ts-jest transpiles file by file
 * and so emits other decorator metadata for imported enums and type aliases than tsc, which Swagger would show.
 */
async function buildDocumentAsTheCliDoes(buildDir: string): Promise<string> {
  const tsconfig = path.join(ROOT, 'tsconfig.build.json');
  // A type error elsewhere is the typecheck's to report; tsc still emits, and that is all this needs.
  await run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', tsconfig, '--outDir', buildDir]).catch(
    () => undefined,
  );
  const tscAlias = path.join(path.dirname(require.resolve('tsc-alias/package.json')), 'dist/bin/index.js');
  await run(process.execPath, [tscAlias, '-p', tsconfig, '--outDir', buildDir]);
  const output = path.join(buildDir, 'openapi.json');
  await run(process.execPath, [path.join(buildDir, 'apps/api/src/openapi.js'), output], { cwd: ROOT });
  return readFileSync(output, 'utf8');
}

describe('docs/openapi.json (e2e)', () => {
  let buildDir: string;

  beforeAll(() => {
    mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
    // Inside the repository so that the build finds node_modules.
    buildDir = mkdtempSync(path.join(ROOT, '.tmp/openapi-'));
  });

  afterAll(() => {
    rmSync(buildDir, { recursive: true, force: true });
  });

  it('is the document the API builds now', async () => {
    const fresh = await buildDocumentAsTheCliDoes(buildDir);
    const committed = readFileSync(COMMITTED_DOCUMENT, 'utf8');

    if (committed !== fresh) {
      throw new Error(
        'docs/openapi.json does not match the controllers and DTOs: run `npm run openapi` and commit the result.\n' +
          firstDifference(committed, fresh),
      );
    }
  }, 120_000);

  it('names only security schemes it defines (Swagger UI sends no credentials for an undefined one)', () => {
    const document = JSON.parse(readFileSync(COMMITTED_DOCUMENT, 'utf8')) as OpenApiDocument;
    const defined = new Set(Object.keys(document.components?.securitySchemes ?? {}));
    const requirements = [
      ...(document.security ?? []),
      ...Object.values(document.paths).flatMap((item) => Object.values(item).flatMap((op) => op.security ?? [])),
    ];

    const undefinedSchemes = requirements.flatMap(Object.keys).filter((name) => !defined.has(name));

    expect(defined.size).toBeGreaterThan(0);
    expect([...new Set(undefinedSchemes)]).toEqual([]);
  });
});

type SecurityRequirement = Record<string, string[]>;
interface OpenApiDocument {
  readonly security?: SecurityRequirement[];
  readonly components?: { readonly securitySchemes?: Record<string, unknown> };
  readonly paths: Record<string, Record<string, { readonly security?: SecurityRequirement[] }>>;
}

/** Where the two texts part, with a few lines of each, so the failure says what changed. */
function firstDifference(committed: string, fresh: string): string {
  const committedLines = committed.split('\n');
  const freshLines = fresh.split('\n');
  const index = committedLines.findIndex((line, i) => line !== freshLines[i]);
  const at = index < 0 ? committedLines.length : index;
  const excerpt = (lines: string[]): string => lines.slice(Math.max(0, at - 3), at + 4).join('\n');
  return `first difference at line ${at + 1}\n--- committed\n${excerpt(committedLines)}\n+++ built now\n${excerpt(freshLines)}`;
}
