import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { declaredDefaults, declaredVariables } from './support/config-schema';

const ROOT = resolve(__dirname, '..');
const read = (path: string): string => readFileSync(resolve(ROOT, path), 'utf8');

/** What two translations of a page must share: the outline, the variables they name, the code blocks. */
function skeleton(markdown: string) {
  const code = [...markdown.matchAll(/^```[\s\S]*?^```/gm)].length;
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return {
    headings: [...prose.matchAll(/^(#{1,6}) /gm)].map((m) => m[1].length),
    variables: [...new Set([...markdown.matchAll(/`([A-Z][A-Z0-9_]{2,})(?:=[^`]*)?`/g)].map((m) => m[1]))].sort(),
    codeBlocks: code,
  };
}

/** Each English page with its Russian twin (`x.md` and `x.ru.md`): the README and the docs/ pages that have one. */
const PAIRS: [string, string][] = [
  ['README.md', 'README.ru.md'],
  ...readdirSync(resolve(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md') && !name.endsWith('.ru.md'))
    .filter((name) => existsSync(resolve(ROOT, 'docs', name.replace(/\.md$/, '.ru.md'))))
    .map((name): [string, string] => [`docs/${name}`, `docs/${name.replace(/\.md$/, '.ru.md')}`]),
];

describe('the README', () => {
  it('is a map, not a manual: README.md under 10 KB, its Russian twin under as many characters', () => {
    expect(Buffer.byteLength(read('README.md'))).toBeLessThan(10 * 1024);
    // Cyrillic takes two bytes a letter in UTF-8: the same text is measured in characters.
    expect(read('README.ru.md').length).toBeLessThan(10 * 1024);
  });

  it.each(['README.md', 'README.ru.md'])('%s names the two commands', (path) => {
    expect(read(path)).toMatch(/`npm start`[\s\S]*`npm test`/);
  });

  it('links only to files that exist', () => {
    for (const path of ['README.md', 'README.ru.md']) {
      const targets = [...read(path).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]);
      expect(targets.filter((t) => !/^https?:/.test(t) && !existsSync(resolve(ROOT, t)))).toEqual([]);
    }
  });
});

describe('English and Russian pages', () => {
  it('pairs up the pages it compares (guards the list against going blind)', () => {
    expect(PAIRS.map(([en]) => en)).toEqual(
      expect.arrayContaining(['README.md', 'docs/configuration.md', 'docs/deployment.md', 'docs/security.md']),
    );
  });

  it.each(PAIRS)('%s and %s have the same headings, variables and code blocks', (en, ru) => {
    expect(skeleton(read(ru))).toEqual(skeleton(read(en)));
  });

  it.each(PAIRS)('%s and %s link only to files that exist', (en, ru) => {
    for (const path of [en, ru]) {
      const dir = resolve(ROOT, path, '..');
      const targets = [...read(path).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]);
      expect({ path, missing: targets.filter((t) => !/^https?:/.test(t) && !existsSync(resolve(dir, t))) }).toEqual({
        path,
        missing: [],
      });
    }
  });
});

describe('the configuration page', () => {
  const declared = declaredVariables();
  /** Every variable a table row of the page names (its own cell or the description of a related one). */
  const documented = (path: string) =>
    new Set([...read(path).matchAll(/^\|.*$/gm)].flatMap((row) => [...row[0].matchAll(/`([A-Z][A-Z0-9_]+)/g)]));

  it('reads the schema (guards the pattern below against going blind)', () => {
    expect(declared).toEqual(expect.arrayContaining(['AMI_URL', 'ELMA365_WEBHOOK_TOKEN', 'FASTAGI_DEADLINE_MS']));
    expect(declared.length).toBeGreaterThan(50);
  });

  it.each(['docs/configuration.md', 'docs/configuration.ru.md'])(
    "%s shows each variable's default as the schema declares it, where the variable has a row of its own",
    (path) => {
      const defaults = declaredDefaults();
      expect(defaults.get('INTERNAL_EXTENSION_PATTERN')).toBe('^\\d{2,6}$');
      const rows = [...read(path).matchAll(/^\|\s*`([A-Z][A-Z0-9_]+)`[^|]*\|([^|]*)\|/gm)];
      expect(rows.length).toBeGreaterThan(40);
      const wrong = rows
        .filter(([, name, cell]) => defaults.has(name) && !cell.includes(`\`${defaults.get(name)}\``))
        .map(([, name, cell]) => `${name}: page says ${cell.trim()}, schema ${defaults.get(name)}`);
      expect(wrong).toEqual([]);
    },
  );

  it.each(['docs/configuration.md', 'docs/configuration.ru.md'])(
    '%s documents every variable of the schema',
    (path) => {
      const names = new Set([...documented(path)].map((m) => m[1]));
      expect(declared.filter((name) => !names.has(name))).toEqual([]);
    },
  );
});
