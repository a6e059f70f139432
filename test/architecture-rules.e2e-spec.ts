import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '..');
const ESLINT = resolve(ROOT, 'node_modules/.bin/eslint');

interface LintMessage {
  readonly ruleId: string | null;
  readonly message: string;
}

/** What eslint.config.mjs says of `code` placed at `path` (the file need not exist). */
async function lint(path: string, code: string): Promise<LintMessage[]> {
  const run = promisify(execFile);
  const child = run(ESLINT, ['--format', 'json', '--stdin', '--stdin-filename', path], { cwd: ROOT });
  child.child.stdin?.end(code);
  const { stdout } = await child.catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '[]' }));
  const [result] = JSON.parse(stdout) as { messages: LintMessage[] }[];
  return result?.messages ?? [];
}

const restricted = (messages: readonly LintMessage[]) =>
  messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-properties');

/** The house rules the linter enforces: each fails on a deliberate violation and lets the allowed form through. */
describe('architecture rules (eslint.config.mjs)', () => {
  it('refuses an application importing another, by a relative path or through apps/', async () => {
    const relative = await lint(
      'apps/api/src/deliveries/x.ts',
      "import { WorkerModule } from '../../../worker/src/worker.module';\nexport const x = WorkerModule;\n",
    );
    expect(restricted(relative)).toEqual([
      expect.objectContaining({ message: expect.stringContaining('never imports another application') }),
    ]);
    const throughApps = await lint(
      'apps/worker/src/x.ts',
      "import { IngestModule } from '../../../apps/ingest/src/ingest.module';\nexport const x = IngestModule;\n",
    );
    expect(restricted(throughApps)).toHaveLength(1);
  });

  it('lets an application import its own folders and the libs, and apps/all compose the others', async () => {
    const own = await lint(
      'apps/api/src/deliveries/x.ts',
      "import { a } from '../health/health.module';\nimport { b } from '@app/deliveries';\nexport const x = [a, b];\n",
    );
    expect(restricted(own)).toEqual([]);
    const all = await lint(
      'apps/all/src/x.ts',
      "import { WorkerModule } from '../../worker/src/worker.module';\nexport const x = WorkerModule;\n",
    );
    expect(restricted(all)).toEqual([]);
  });

  it('refuses a lib importing an application', async () => {
    const messages = await lint(
      'libs/deliveries/src/x.ts',
      "import { ApiModule } from '../../../apps/api/src/api.module';\nexport const x = ApiModule;\n",
    );
    expect(restricted(messages)).toEqual([
      expect.objectContaining({ message: expect.stringContaining('Libraries never import applications') }),
    ]);
  });

  it("refuses process.env outside the config lib's loader", async () => {
    const code = 'export const url = process.env.REDIS_URL;\n';
    expect(restricted(await lint('apps/worker/src/x.ts', code))).toHaveLength(1);
    expect(restricted(await lint('libs/config/src/sandbox-environment.ts', code))).toHaveLength(1);
    expect(restricted(await lint('libs/config/src/load-config.ts', code))).toEqual([]);
  });
});

/** The workspace is declared once per tool, each kept whole: a new lib or app missing from one fails here. */
describe('workspace wiring (tsconfig.json paths, nest-cli.json, jest.config.js)', () => {
  const dirs = (parent: string) =>
    readdirSync(resolve(ROOT, parent), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  const libs = dirs('libs');
  const apps = dirs('apps');
  const json = (path: string) => ts.parseConfigFileTextToJson(path, readFileSync(resolve(ROOT, path), 'utf8')).config;

  it('gives every lib an @app alias in tsconfig.json', () => {
    const paths = json('tsconfig.json').compilerOptions.paths as Record<string, string[]>;
    expect(Object.keys(paths).sort()).toEqual(libs.map((lib) => `@app/${lib}`));
    for (const lib of libs) expect(paths[`@app/${lib}`]).toEqual([`./libs/${lib}/src/index.ts`]);
  });

  it('lists every app and lib in nest-cli.json, where they are', () => {
    const projects = json('nest-cli.json').projects as Record<string, { type: string; sourceRoot: string }>;
    expect(Object.keys(projects).sort()).toEqual([...apps, ...libs].sort());
    for (const app of apps) expect(projects[app]).toMatchObject({ type: 'application', sourceRoot: `apps/${app}/src` });
    for (const lib of libs) expect(projects[lib]).toMatchObject({ type: 'library', sourceRoot: `libs/${lib}/src` });
  });

  it("maps jest's module names from tsconfig.json (resolving every lib)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require(resolve(ROOT, 'jest.config.js')) as {
      projects: { moduleNameMapper: Record<string, string> }[];
    };
    for (const { moduleNameMapper } of config.projects) {
      const mapped = libs.map((lib) => {
        const [, to] = Object.entries(moduleNameMapper).find(([from]) => new RegExp(from).test(`@app/${lib}`)) ?? [];
        return to?.replace('<rootDir>/./', '');
      });
      expect(mapped).toEqual(libs.map((lib) => `libs/${lib}/src/index.ts`));
      expect(Object.keys(moduleNameMapper)).toHaveLength(libs.length);
    }
  });
});

/** One name for one kind of file across apps and libs: `*.exception.ts` for errors, `*.usecase.ts` for use cases. */
describe('file suffixes', () => {
  const files = (dir: string): string[] =>
    readdirSync(resolve(ROOT, dir), { recursive: true, encoding: 'utf8' }).map((f) => `${dir}/${f}`);
  const all = [...files('apps'), ...files('libs')];

  it('has the files it looks at (guards the lists below against going blind)', () => {
    expect(all.filter((f) => f.endsWith('.exception.ts')).length).toBeGreaterThan(5);
    expect(all.filter((f) => f.endsWith('.usecase.ts')).length).toBeGreaterThan(5);
  });

  it('names every error file *.exception.ts and every use case *.usecase.ts', () => {
    expect(all.filter((f) => /\.(error|errors|use-case|use_case)\.ts$/.test(f))).toEqual([]);
  });

  it('keeps every use case in a folder of its own under usecases/, named after it', () => {
    const useCases = all.filter((f) => f.endsWith('.usecase.ts'));
    const misplaced = useCases.filter(
      (f) => !/^apps\/[^/]+\/src\/(?:[^/]+\/)?usecases\/([^/]+)\/\1\.usecase\.ts$/.test(f),
    );
    expect(misplaced).toEqual([]);
  });
});
