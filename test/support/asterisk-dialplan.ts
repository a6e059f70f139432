import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One priority of an extension: `exten => 100,1,Dial(...)` or `same => n(label),Goto(...)`. */
export interface DialplanStep {
  readonly priority: number;
  readonly label: string | null;
  readonly app: string;
  readonly args: string;
  /** `file:line`, for messages */
  readonly at: string;
}

export interface DialplanContext {
  readonly name: string;
  readonly extensions: Map<string, DialplanStep[]>;
  readonly includes: string[];
}

export interface Dialplan {
  readonly globals: Map<string, string>;
  readonly contexts: Map<string, DialplanContext>;
  /** priorities registered twice for one extension, as Asterisk refuses them ("already in use") */
  readonly problems: string[];
}

/** The value part of a line without its comment (`;`, unless escaped as `\;`). */
function withoutComment(line: string): string {
  const cut = line.search(/(?<!\\);/);
  return (cut < 0 ? line : line.slice(0, cut)).trim();
}

/** `App(args)` → its parts (args up to the last parenthesis). */
export function splitApplication(text: string): { app: string; args: string } {
  const open = text.indexOf('(');
  if (open < 0) return { app: text.trim(), args: '' };
  return { app: text.slice(0, open).trim(), args: text.slice(open + 1, text.lastIndexOf(')')) };
}

/**
 * Reads extensions.conf as pbx_config does, as far as the kit uses it: `#include` (inline), contexts declared in
 * several places merged into one, `exten =>`/`same =>` with numbered, `n` and `n(label)` priorities, `include =>`.
 */
export function parseDialplan(dir: string, file: string): Dialplan {
  const plan: Dialplan = { globals: new Map(), contexts: new Map(), problems: [] };
  const state = { context: '', lastExten: '', lastPriority: 0 };
  readInto(plan, state, dir, file);
  return plan;
}

function readInto(
  plan: Dialplan,
  state: { context: string; lastExten: string; lastPriority: number },
  dir: string,
  file: string,
): void {
  readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .forEach((raw, index) => {
      const at = `${file}:${index + 1}`;
      const include = /^#include\s+"?([^"\s]+)"?/.exec(raw.trim());
      if (include) return readInto(plan, state, dir, include[1]);
      const line = withoutComment(raw);
      if (line === '') return;
      const header = /^\[([^\]]+)\]/.exec(line);
      if (header) {
        state.context = header[1];
        if (!plan.contexts.has(state.context)) {
          plan.contexts.set(state.context, { name: state.context, extensions: new Map(), includes: [] });
        }
        return;
      }
      const entry = /^([A-Za-z_][\w]*)\s*=>?\s*(.*)$/.exec(line);
      if (!entry) return;
      const [, key, value] = entry;
      if (state.context === 'globals') {
        plan.globals.set(key, value.trim());
        return;
      }
      const context = plan.contexts.get(state.context);
      if (!context) return;
      if (key === 'include') context.includes.push(value.trim());
      else if (key === 'exten' || key === 'same') addStep(plan, state, context, key, value, at);
    });
}

function addStep(
  plan: Dialplan,
  state: { lastExten: string; lastPriority: number },
  context: DialplanContext,
  key: 'exten' | 'same',
  value: string,
  at: string,
): void {
  let exten = state.lastExten;
  let rest = value;
  if (key === 'exten') {
    const comma = value.indexOf(',');
    exten = value.slice(0, comma).trim();
    rest = value.slice(comma + 1);
  }
  const comma = rest.indexOf(',');
  const priorityText = rest.slice(0, comma).trim();
  const { app, args } = splitApplication(rest.slice(comma + 1));
  const labelled = /^(\w+)(?:\((\w+)\))?$/.exec(priorityText);
  if (!labelled) {
    plan.problems.push(`${at}: unreadable priority '${priorityText}'`);
    return;
  }
  const priority = labelled[1] === 'n' ? state.lastPriority + 1 : Number(labelled[1]);
  const steps = context.extensions.get(exten) ?? [];
  const taken = steps.find((s) => s.priority === priority);
  if (taken) {
    plan.problems.push(
      `${at}: extension '${exten}' priority ${priority} in [${context.name}] is already in use (${taken.at})`,
    );
  }
  steps.push({ priority, label: labelled[2] ?? null, app, args, at });
  context.extensions.set(exten, steps);
  state.lastExten = exten;
  state.lastPriority = priority;
}

/** Asterisk's extension pattern match: `_` patterns with X Z N [...] . !, others literally. */
export function extensionMatches(extension: string, dialled: string): boolean {
  if (!extension.startsWith('_')) return extension === dialled;
  let source = '^';
  const pattern = extension.slice(1);
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i];
    if (c === 'X') source += '[0-9]';
    else if (c === 'Z') source += '[1-9]';
    else if (c === 'N') source += '[2-9]';
    else if (c === '.') source += '.+';
    else if (c === '!') source += '.*';
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      source += `[${pattern.slice(i + 1, end)}]`;
      i = end;
    } else source += c.replace(/[+*?()|{}^$\\]/g, '\\$&');
  }
  return new RegExp(`${source}$`).test(dialled);
}

/** The extensions of a context (and of the contexts it includes) a dialled number reaches. */
export function reachedExtensions(plan: Dialplan, contextName: string, dialled: string): string[] {
  const context = plan.contexts.get(contextName);
  if (!context) return [];
  const own = [...context.extensions.keys()].filter((e) => extensionMatches(e, dialled));
  return [...own, ...context.includes.flatMap((c) => reachedExtensions(plan, c, dialled))];
}

/** Every `${NAME}` a text reads, functions (`${CALLERID(num)}`) left out; `${EXTEN:1}` counts as EXTEN. */
export function variablesRead(text: string): string[] {
  return [...text.matchAll(/\$\{([A-Za-z_]\w*)(?=[}:])/g)].map((m) => m[1]);
}

/** Every dialplan function a text calls: `${LEN(...)}`, and `Set(CDR(userfield)=…)`'s CDR. */
export function functionsCalled(text: string): string[] {
  return [...text.matchAll(/(?:\$\{|Set\()([A-Z_]+)\(/g)].map((m) => m[1]);
}

/** Every variable `Set(NAME=…)` assigns (inherited `_`/`__` prefixes taken off), ExecIf's inner Set included. */
export function variablesSet(text: string): string[] {
  return [...text.matchAll(/Set\(_{0,2}([A-Za-z]\w*)=/g)].map((m) => m[1]);
}
