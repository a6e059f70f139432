import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { judgeAmiRights, listedActions } from '@app/diagnostics';
import { AmiMessage } from '@app/ami';
import { listCommandsHeaders } from '@app/sandbox';
import { parseConfigFile, sectionsOfType, settingOf, settingsOf } from './support/asterisk-config';
import {
  type Dialplan,
  type DialplanStep,
  functionsCalled,
  parseDialplan,
  reachedExtensions,
  variablesRead,
  variablesSet,
} from './support/asterisk-dialplan';

/**
 * The Asterisk kit (docker/asterisk) checked for consistency without an Asterisk (there is none here; it is loaded on
 * a real Asterisk 22 at acceptance): rendered as compose renders it, then read the way Asterisk would read it.
 */
const root = resolve(__dirname, '..');
const kitDir = join(root, 'docker/asterisk');
const readme = readFileSync(join(kitDir, 'README.md'), 'utf8');

const SECRETS = {
  AMI_SECRET: 'kit-test-events-0123456789',
  AMI_ORIGINATE_SECRET: 'kit-test-originate-0123456789',
  AMI_PERMIT: '172.31.250.0/24',
  MTS_TRUNK_PASSWORD: 'trunk|pass&word',
  PHONE_101_PASSWORD: 'phone-101-secret-pass',
  PHONE_102_PASSWORD: 'phone-102-secret-pass',
};

function render(env: Record<string, string>): { status: number | null; stderr: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kit-'));
  const result = spawnSync('sh', [join(kitDir, 'render-kit.sh'), dir], {
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stderr: result.stderr, dir };
}

/** The module each application and function of the kit comes from; the core's own need none. */
const MODULE_OF: Readonly<Record<string, string | null>> = {
  Answer: null,
  Goto: null,
  GotoIf: null,
  Hangup: null,
  NoOp: null,
  Set: null,
  Return: 'app_stack',
  Gosub: 'app_stack',
  Dial: 'app_dial',
  Queue: 'app_queue',
  MixMonitor: 'app_mixmonitor',
  AGI: 'res_agi',
  ExecIf: 'app_exec',
  VoiceMail: 'app_voicemail',
  CALLERID: 'func_callerid',
  STRFTIME: 'func_strings',
  LEN: 'func_strings',
  IF: 'func_logic',
  CDR: 'func_cdr',
};

/** Variables Asterisk sets itself, and the application that sets each (it must be used for the variable to exist). */
const SET_BY_ASTERISK: Readonly<Record<string, string | null>> = {
  EXTEN: null,
  CONTEXT: null,
  UNIQUEID: null,
  EPOCH: null,
  DIALSTATUS: 'Dial',
  AGISTATUS: 'AGI',
  MIXMONITOR_FILENAME: 'MixMonitor',
};

describe('the Asterisk kit', () => {
  let dir: string;
  let plan: Dialplan;
  let steps: DialplanStep[];

  beforeAll(() => {
    const rendered = render(SECRETS);
    expect({ status: rendered.status, stderr: rendered.stderr }).toEqual({
      status: 0,
      stderr: expect.stringContaining('wrote') as string,
    });
    dir = rendered.dir;
    plan = parseDialplan(dir, 'extensions.conf');
    steps = [...plan.contexts.values()].flatMap((c) => [...c.extensions.values()].flat());
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('render-kit.sh', () => {
    it.each([
      ['a missing secret', { AMI_SECRET: '' }, 'AMI_SECRET is not set'],
      ['a short SIP password', { PHONE_101_PASSWORD: 'short' }, 'PHONE_101_PASSWORD is shorter than 12'],
      ['a placeholder', { PHONE_102_PASSWORD: 'change-me-102-xx' }, 'PHONE_102_PASSWORD is still a placeholder'],
      ['an AMI secret a URL would encode', { AMI_ORIGINATE_SECRET: 'with:colon@0123456789' }, 'may contain only'],
      ['a ; (a comment to Asterisk)', { MTS_TRUNK_PASSWORD: 'pass;word' }, 'without ;'],
      ['one secret for both AMI users', { AMI_ORIGINATE_SECRET: SECRETS.AMI_SECRET }, 'must differ'],
    ])('refuses %s, naming it', (_what, change, message) => {
      const refused = render({ ...SECRETS, ...change });
      rmSync(refused.dir, { recursive: true, force: true });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(message);
    });

    it('writes every value, and no template marker or guard is left', () => {
      for (const file of ['manager.conf', 'pjsip.conf']) {
        const text = readFileSync(join(dir, file), 'utf8');
        expect(text).not.toMatch(/@@\w+@@/);
        expect(text).not.toContain('#include "kit-not-rendered');
      }
      expect(readFileSync(join(dir, 'pjsip.conf'), 'utf8')).toContain(`password = ${SECRETS.MTS_TRUNK_PASSWORD}`);
    });

    it('ships templates that Asterisk refuses to load unrendered (a missing #include fails the file)', () => {
      for (const file of ['manager.conf', 'pjsip.conf']) {
        const text = readFileSync(join(kitDir, file), 'utf8');
        expect(text).toMatch(/^#include "kit-not-rendered--[^"]+"$/m);
        const values = parseConfigFile(join(kitDir, file)).flatMap((section) => section.settings.map(([, v]) => v));
        expect(values.filter((v) => /change-?me/i.test(v))).toEqual([]);
      }
    });
  });

  describe('extensions.conf with its includes', () => {
    it('registers no priority twice for one extension', () => {
      expect(plan.problems).toEqual([]);
    });

    it('dials only PJSIP endpoints pjsip.conf defines, and queues only those as members', () => {
      const endpoints = new Set(
        sectionsOfType(parseConfigFile(join(dir, 'pjsip.conf')), 'endpoint').map((s) => s.name),
      );
      const texts = [
        ...steps
          .filter((s) => s.app === 'Dial')
          .map((s) => s.args.replace(/\$\{(\w+)\}/g, (_, v: string) => plan.globals.get(v) ?? `\${${v}}`)),
        ...parseConfigFile(join(dir, 'queues.conf')).flatMap((s) => settingsOf(s, 'member')),
      ];
      const dialled = texts.flatMap((t) => [...t.matchAll(/PJSIP\/([^&,()\s]+)/g)].map((m) => m[1]));
      const named = dialled.map((d) => (d.includes('@') ? d.split('@')[1] : d)).filter((d) => !d.startsWith('${'));

      expect(named.length).toBeGreaterThan(3);
      expect(named.filter((e) => !endpoints.has(e))).toEqual([]);
    });

    it('reads no ${VAR} that is never set', () => {
      const apps = new Set(steps.map((s) => s.app));
      const set = new Set([
        ...plan.globals.keys(),
        ...steps.flatMap((s) => variablesSet(`${s.app}(${s.args})`)),
        ...agiVariables(),
        ...Object.entries(SET_BY_ASTERISK)
          .filter(([, app]) => app === null || apps.has(app))
          .map(([name]) => name),
      ]);
      const read = steps.flatMap((s) => variablesRead(s.args).map((name) => ({ name, at: s.at })));

      expect(read.filter((r) => !set.has(r.name))).toEqual([]);
    });

    it("uses only applications and functions whose modules the kit's README lists", () => {
      const used = new Set([
        ...steps.map((s) => s.app),
        ...steps.flatMap((s) => [...s.args.matchAll(/\?(\w+)\(/g)].map((m) => m[1])),
        ...steps.flatMap((s) => functionsCalled(`${s.app}(${s.args})`)),
      ]);
      const unknown = [...used].filter((name) => !(name in MODULE_OF));
      const unlisted = [...used]
        .map((name) => MODULE_OF[name])
        .filter((module): module is string => typeof module === 'string' && !readme.includes(`\`${module}\``));

      expect(unknown).toEqual([]);
      expect([...new Set(unlisted)]).toEqual([]);
    });

    it('runs the FastAGI routing before the Dial once CRM_ROUTING = 1, and rings without it while 0', () => {
      const trunk = sectionsOfType(parseConfigFile(join(dir, 'pjsip.conf')), 'endpoint').find((s) =>
        settingOf(s, 'outbound_auth'),
      );
      const context = settingOf(trunk!, 'context')!;
      const mainNumber = settingOf(trunk!, 'from_user')!;

      expect(firstActions(plan, context, mainNumber, { CRM_ROUTING: '1' })).toEqual(['AGI', 'Dial']);
      expect(firstActions(plan, context, mainNumber, { CRM_ROUTING: '0' })).toEqual(['Dial']);
    });

    it('writes the recording into the CDR userfield right after starting it (gap-fill brings it back)', () => {
      const record = plan.contexts.get('sub-record')?.extensions.get('s') ?? [];
      const mixMonitor = record.findIndex((s) => s.app === 'MixMonitor');

      expect(mixMonitor).toBeGreaterThanOrEqual(0);
      expect(record[mixMonitor + 1]).toMatchObject({ app: 'Set', args: 'CDR(userfield)=${MIXMONITOR_FILENAME}' });
    });

    it.each(['from-internal', 'click-to-call', 'outbound'])(
      'lets [%s] reach no premium, Kazakh or international number, and Russian ones still',
      (context) => {
        const refused = ['88091234567', '88031234567', '87012345678', '86012345678', '81012025550123'];
        const e164 = (n: string) => (context === 'click-to-call' ? `7${n.slice(1)}` : n);
        for (const n of refused)
          expect({ n, reached: reachedExtensions(plan, context, e164(n)) }).toEqual({ n, reached: [] });
        for (const n of ['84951234567', '89161234567', '88001234567', '88121234567']) {
          expect({ n, reached: reachedExtensions(plan, context, e164(n)).length }).toEqual({ n, reached: 1 });
        }
      },
    );
  });

  describe('manager.conf and .env.example', () => {
    const manager = () => parseConfigFile(join(dir, 'manager.conf'));
    const template = parseConfigFile(join(kitDir, 'manager.conf'));
    const envExample = readFileSync(join(root, '.env.example'), 'utf8');

    it.each([
      ['AMI_URL', 'events'],
      ['AMI_ORIGINATE_URL', 'originate'],
    ] as const)(
      "%s names a user of manager.conf with the same secret, whose rights pass the doctor as '%s'",
      (variable, role) => {
        const url = new RegExp(`^${variable}=ami://([^:]+):([^@]+)@`, 'm').exec(envExample);
        expect(url).not.toBeNull();
        const [, user, secret] = url!;
        const section = template.find((s) => s.name === user);
        expect(section).toBeDefined();
        // .env.example: `${AMI_SECRET}`; the template: `@@AMI_SECRET@@`, both filled from the one variable
        const variableName = /^\$\{(\w+)\}$/.exec(secret)?.[1];
        // compose fills a ${VAR} of an env file in only from the lines above it
        expect(envExample.indexOf(`\n${variableName}=`)).toBeGreaterThan(-1);
        expect(envExample.indexOf(`\n${variableName}=`)).toBeLessThan(envExample.indexOf(`\n${variable}=`));
        expect(settingOf(section!, 'secret')).toBe(`@@${variableName}@@`);
        const rendered = manager().find((s) => s.name === user)!;
        expect(settingOf(rendered, 'secret')).toBe(SECRETS[variableName as keyof typeof SECRETS]);

        const writeClasses = (settingOf(rendered, 'write') ?? '')
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean);
        const actions = listedActions(new AmiMessage([['Response', 'Success'], ...listCommandsHeaders(writeClasses)]));
        const checks = judgeAmiRights({ pbxId: 'office', username: user, actions, role });
        expect(checks.filter((c) => !c.ok)).toEqual([]);
        expect(settingsOf(rendered, 'permit')).toContain(SECRETS.AMI_PERMIT);
        expect(settingOf(rendered, 'deny')).toBe('0.0.0.0/0.0.0.0');
      },
    );
  });

  describe('rtp.conf and compose.yaml', () => {
    it('publishes exactly the RTP range Asterisk uses', () => {
      const rtp = parseConfigFile(join(dir, 'rtp.conf'))[0];
      const compose = parse(readFileSync(join(root, 'compose.yaml'), 'utf8')) as {
        services: { asterisk: { ports: string[] } };
      };
      const range = `${settingOf(rtp, 'rtpstart')}-${settingOf(rtp, 'rtpend')}`;

      expect(compose.services.asterisk.ports).toContain(`0.0.0.0:${range}:${range}/udp`);
    });
  });
});

/** The channel variables fastagi-routing.conf's header says the AGI sets. */
function agiVariables(): string[] {
  const header = readFileSync(join(kitDir, 'fastagi-routing.conf'), 'utf8');
  return [...header.matchAll(/^;\s+(CRM_[A-Z_]+)\s/gm)].map((m) => m[1]);
}

/**
 * The AGI, Dial and Queue applications a call to `exten` in `context` meets first, following Goto and GotoIf (whose
 * conditions may only compare a global with a number) until the first Dial or Queue.
 */
function firstActions(plan: Dialplan, context: string, exten: string, globals: Record<string, string>): string[] {
  const met: string[] = [];
  let at = { context, exten, priority: 1 };
  for (let hops = 0; hops < 50; hops += 1) {
    const steps = plan.contexts.get(at.context)?.extensions.get(at.exten) ?? [];
    const step = steps.find((s) => s.priority === at.priority);
    if (!step) throw new Error(`no priority ${at.priority} of ${at.exten} in [${at.context}]`);
    const next = { ...at, priority: at.priority + 1 };
    const target = (spec: string) => {
      const [c, e, p] = spec.split(',');
      const extension = e.replace('${EXTEN}', at.exten);
      const labelled = plan.contexts
        .get(c)
        ?.extensions.get(extension)
        ?.find((s) => s.label === p);
      return { context: c, exten: extension, priority: labelled ? labelled.priority : Number(p) };
    };
    if (['AGI', 'Dial', 'Queue'].includes(step.app)) met.push(step.app);
    if (step.app === 'Dial' || step.app === 'Queue') return met;
    if (step.app === 'Goto') at = target(step.args);
    else if (step.app === 'GotoIf') {
      const condition = /^\$\[\$\{(\w+)\} = (\d+)\]\?(.+)$/.exec(step.args);
      if (!condition) throw new Error(`${step.at}: a condition this walk cannot evaluate: ${step.args}`);
      const value = globals[condition[1]] ?? plan.globals.get(condition[1]);
      at = value === condition[2] ? target(condition[3]) : next;
    } else if (step.app === 'AGI') {
      // what a connector that is down leaves: AGISTATUS=FAILURE, CRM_ACTION empty — the GotoIfs below fall through
      const rest = steps.filter((s) => s.priority > step.priority && s.app !== 'GotoIf' && s.app !== 'ExecIf');
      const last = rest.at(-1);
      if (!last || last.app !== 'Goto') throw new Error(`${step.at}: no usual route after the AGI`);
      at = target(last.args.replace('${CRM_DID}', exten));
    } else at = next;
  }
  throw new Error('more than 50 steps');
}
