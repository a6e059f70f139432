import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// A dependency of dclint: the same YAML reader the compose linter validates with.
import { parse } from 'yaml';
import { COMPOSE_SECRETS, PROFILE_SECRETS } from './support/compose-secrets';
import { declaredVariables } from './support/config-schema';

/**
 * compose.yaml and docker/Dockerfile without a Docker engine (there is none in CI): both linters — dclint validates
 * against the compose schema — and what a schema cannot know, checked against the repository.
 */
const root = resolve(__dirname, '..');
const read = (path: string): string => readFileSync(resolve(root, path), 'utf8');

interface Service {
  readonly image?: string;
  readonly command?: readonly string[];
  readonly environment?: Readonly<Record<string, string | number>>;
  readonly volumes?: readonly string[];
  readonly ports?: readonly string[];
  readonly restart?: string;
  readonly healthcheck?: { readonly test?: readonly string[] };
  readonly depends_on?: Readonly<Record<string, { readonly condition: string }>>;
  readonly profiles?: readonly string[];
}

interface Compose {
  readonly services: Readonly<Record<string, Service>>;
  readonly volumes: Readonly<Record<string, unknown>>;
}

function run(bin: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [resolve(root, 'node_modules/.bin', bin), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const composeText = read('compose.yaml');
const compose = parse(composeText) as Compose;
const services = Object.entries(compose.services);
const connectorImage = /^asterisk-elma365-connector:/;
const connectorApps = services.filter(([, s]) => connectorImage.test(s.image ?? ''));
const longRunning = services.filter(([, s]) => s.restart !== 'no');

/** `name:/path:ro` -> its parts; a bind mount's source starts with `.` or `/`. */
function mounts(service: Service): { source: string; target: string; readOnly: boolean }[] {
  return (service.volumes ?? []).map((spec) => {
    const [source, target, mode] = spec.split(':');
    return { source, target, readOnly: mode === 'ro' };
  });
}

const namedVolumes = services.flatMap(([, s]) => mounts(s)).filter((m) => !/^[./]/.test(m.source));
const bindMounts = services.flatMap(([, s]) => mounts(s)).filter((m) => /^[./]/.test(m.source));

describe('the linters', () => {
  it('dclint: compose.yaml is valid against the compose schema, with no errors or warnings', () => {
    const { status, output } = run('dclint', ['compose.yaml', '--max-warnings', '0']);

    expect(output.trim()).toBe('');
    expect(status).toBe(0);
  }, 60_000);

  it('dclint: a schema violation fails (the check is not blind)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dclint-'));
    try {
      writeFileSync(
        join(dir, 'compose.yaml'),
        composeText.replace('restart: unless-stopped', 'restrat: unless-stopped'),
      );
      const { status, output } = run('dclint', [join(dir, 'compose.yaml')]);

      expect(status).not.toBe(0);
      expect(output).toContain('invalid-schema');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('dockerfilelint: docker/Dockerfile has no issues', () => {
    const { status, output } = run('dockerfilelint', ['-o', 'json', 'docker/Dockerfile']);

    expect((JSON.parse(output) as { totalIssues: number }).totalIssues).toBe(0);
    expect(status).toBe(0);
  }, 60_000);
});

describe('compose.yaml', () => {
  it('runs ingest, worker and api from the one image after migrate, and not the all-in-one process', () => {
    expect(connectorApps.map(([name]) => name).sort()).toEqual(['api', 'ingest', 'migrate', 'worker']);
    expect(new Set(connectorApps.map(([, s]) => s.image)).size).toBe(1);
    expect(connectorApps.map(([, s]) => s.command?.[1])).not.toContain('dist/apps/all/src/main.js');
    for (const name of ['ingest', 'worker', 'api']) {
      expect(compose.services[name].depends_on).toEqual({
        migrate: { condition: 'service_completed_successfully' },
        redis: { condition: 'service_healthy' },
      });
    }
  });

  it.each(longRunning.map(([name]) => name))('%s has a restart policy and a health check', (name) => {
    const service = compose.services[name];

    expect(['always', 'unless-stopped', 'on-failure']).toContain(service.restart);
    expect(service.healthcheck?.test?.length).toBeGreaterThan(0);
  });

  it('waits only on health checks that exist', () => {
    for (const [, service] of services) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(compose.services[dependency]).toBeDefined();
        if (condition === 'service_healthy') expect(compose.services[dependency].healthcheck).toBeDefined();
        if (condition === 'service_completed_successfully') expect(compose.services[dependency].restart).toBe('no');
      }
    }
  });

  it.each(connectorApps.map(([name]) => name))('%s runs a file that `npm run build` produces', (name) => {
    const [node, script] = compose.services[name].command ?? [];
    const source = script.replace(/^dist\//, '').replace(/\.js$/, '.ts');

    expect(node).toBe('node');
    expect(script).toMatch(/^dist\/apps\/[a-z]+\/src\/[a-z-]+\.js$/);
    expect(existsSync(resolve(root, source))).toBe(true);
    if (!existsSync(resolve(root, 'dist/apps'))) throw new Error('dist/ is missing: run `npm run build` first');
    expect(existsSync(resolve(root, script))).toBe(true);
  });

  it('health-checks each app on the port it listens on, which only the api publishes', () => {
    const port = (name: string): string => {
      const env = compose.services[name].environment ?? {};
      return String(env.OPS_HTTP_PORT ?? env.HTTP_PORT);
    };
    for (const name of ['ingest', 'worker', 'api']) {
      expect(compose.services[name].healthcheck?.test?.join(' ')).toContain(
        `http://127.0.0.1:${port(name)}/health/live`,
      );
    }
    expect(compose.services.ingest.environment?.OPS_HTTP_HOST).toBe('0.0.0.0');
    expect(compose.services.worker.environment?.OPS_HTTP_HOST).toBe('0.0.0.0');
    expect(compose.services.ingest.ports).toBeUndefined();
    expect(compose.services.worker.ports).toBeUndefined();
    expect(compose.services.api.ports).toEqual([`\${API_PUBLISH_ADDRESS:-0.0.0.0}:${port('api')}:${port('api')}`]);
  });

  it('sets only variables the connector reads', () => {
    const declared = new Set(declaredVariables());
    for (const [, service] of connectorApps) {
      expect(Object.keys(service.environment ?? {}).filter((name) => !declared.has(name))).toEqual([]);
    }
  });

  it('gives every ${VAR} a default or documents it in .env.example', () => {
    const documented = new Set([...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const used = [...composeText.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?][^}]*)?\}/g)];
    const withDefault = (m: RegExpMatchArray): boolean => m[2] !== undefined && /^:?-/.test(m[2]);

    expect(used.map((m) => m[1])).toEqual(expect.arrayContaining(['POSTGRES_PASSWORD', 'CONNECTOR_VERSION']));
    expect(used.filter((m) => !withDefault(m) && !documented.has(m[1])).map((m) => m[0])).toEqual([]);
  });

  it('has no default for a password or secret: compose stops, naming the one every `up` needs in .env', () => {
    const secrets = [...composeText.matchAll(/\$\{([A-Z0-9_]*(?:PASSWORD|SECRET|KEY))(:?[-?][^}]*)?\}/g)];
    const required = secrets.filter((m) => COMPOSE_SECRETS.includes(m[1]));
    const ofProfiles = secrets.filter((m) => !COMPOSE_SECRETS.includes(m[1]));

    expect(new Set(required.map((m) => m[1]))).toEqual(new Set(COMPOSE_SECRETS));
    for (const m of required)
      expect({ variable: m[1], form: m[2] }).toEqual({ variable: m[1], form: expect.stringMatching(/^:\?set /) });
    // A profile's secret is empty unless set, and its service's start script refuses it then (tested below).
    expect(new Set(ofProfiles.map((m) => m[1]))).toEqual(new Set(Object.values(PROFILE_SECRETS).flat()));
    for (const m of ofProfiles) expect({ variable: m[1], form: m[2] }).toEqual({ variable: m[1], form: ':-' });
  });

  it.each(Object.entries(PROFILE_SECRETS))(
    '%s, the start script of a profile, names the secrets it needs',
    (script, names) => {
      const text = read(script);
      for (const name of names) expect(text).toContain(name);
    },
  );

  it.each([
    ['docker/monitoring/prometheus/start.sh', 'METRICS_API_KEY is not set'],
    ['docker/monitoring/grafana/start.sh', 'GRAFANA_ADMIN_PASSWORD is not set'],
  ])('%s refuses to start without its secret', (script, message) => {
    const run = spawnSync('sh', [resolve(root, script)], { env: { PATH: '/usr/bin:/bin' }, encoding: 'utf8' });

    expect(run.status).toBe(1);
    expect(run.stderr).toContain(message);
  });

  it('runs the monitoring profile on the files of this repository, published on loopback only', () => {
    const monitoring = ['prometheus', 'alertmanager', 'grafana'].map((name) => {
      const service = compose.services[name] as Service & { profiles?: string[] };
      expect(service.profiles).toEqual(['monitoring']);
      return service;
    });
    const [prometheus, alertmanager, grafana] = monitoring;

    expect(mounts(prometheus)).toContainEqual({
      source: './docker/monitoring/prometheus',
      target: '/etc/prometheus',
      readOnly: true,
    });
    expect(mounts(alertmanager)).toContainEqual({
      source: './docker/monitoring/alertmanager',
      target: '/etc/alertmanager',
      readOnly: true,
    });
    expect(mounts(grafana)).toContainEqual({
      source: './docker/monitoring/grafana/dashboards',
      target: '/etc/grafana/dashboards',
      readOnly: true,
    });
    expect(prometheus.ports).toEqual(['127.0.0.1:9090:9090']);
    expect(alertmanager.ports).toEqual(['127.0.0.1:9093:9093']);
    expect(grafana.ports).toEqual(['${GRAFANA_PUBLISH_ADDRESS:-127.0.0.1}:3001:3000']);
  });

  it('runs the edge profile on the Caddyfile of this repository, in front of the api, on 80 and 443', () => {
    const edge = compose.services.edge as Service & { profiles?: string[] };

    expect(edge.profiles).toEqual(['edge']);
    expect(mounts(edge)).toContainEqual({ source: './docker/caddy', target: '/etc/caddy', readOnly: true });
    expect(edge.command).toEqual(['caddy', 'run', '--config', '/etc/caddy/Caddyfile', '--adapter', 'caddyfile']);
    expect(edge.environment?.EDGE_UPSTREAM).toBe(`api:${compose.services.api.environment?.HTTP_PORT}`);
    expect(edge.ports).toEqual(['0.0.0.0:80:80', '0.0.0.0:443:443']);
  });

  it('keeps Asterisk off the network of PostgreSQL and Redis, which has no way out', () => {
    const networksOf = (name: string): string[] => {
      const networks = (compose.services[name] as { networks?: string[] | Record<string, unknown> }).networks;
      return Array.isArray(networks) ? networks : Object.keys(networks ?? { default: null });
    };
    const topLevel = (compose as unknown as { networks: Record<string, { internal?: boolean }> }).networks;

    expect(networksOf('asterisk')).toEqual(['pbx']);
    expect(networksOf('postgres')).toEqual(['backend']);
    expect(networksOf('redis')).toEqual(['backend']);
    expect(topLevel.backend.internal).toBe(true);
    for (const [name] of services) {
      const shared = networksOf(name).filter((n) => networksOf('asterisk').includes(n));
      if (shared.length > 0) expect(['asterisk', 'ingest', 'api']).toContain(name);
    }
    expect(compose.services.redis.command).toContain('--requirepass');
  });

  it('declares every named volume it mounts, and mounts every one it declares', () => {
    const declared = Object.keys(compose.volumes).sort();

    expect([...new Set(namedVolumes.map((m) => m.source))].sort()).toEqual(declared);
  });

  it('mounts files of this repository, and renders the whole kit into /etc/asterisk before Asterisk starts', () => {
    for (const mount of bindMounts) expect(existsSync(resolve(root, mount.source))).toBe(true);
    const asterisk = compose.services.asterisk as Service & { entrypoint?: string[] };

    expect(mounts(asterisk)).toContainEqual({ source: './docker/asterisk', target: '/kit', readOnly: true });
    expect(asterisk.entrypoint?.slice(0, 4)).toEqual(['/bin/sh', '/kit/render-kit.sh', '/etc/asterisk', '--']);
    expect(existsSync(resolve(root, 'docker/asterisk/render-kit.sh'))).toBe(true);
    expect(asterisk.command?.[0]).toBe('asterisk');
  });

  it('shares the recordings (Asterisk writes, the API reads) and the CDR CSV (Asterisk writes, ingest reads)', () => {
    const mountOf = (service: string, volume: string) =>
      mounts(compose.services[service]).find((m) => m.source === volume);
    const recordings = mountOf('api', 'recordings');
    const cdr = mountOf('ingest', 'cdr');

    expect(mountOf('asterisk', 'recordings')).toEqual({
      source: 'recordings',
      target: '/var/spool/asterisk/monitor',
      readOnly: false,
    });
    expect(recordings).toMatchObject({ target: compose.services.api.environment?.RECORDINGS_DIR, readOnly: true });
    expect(mountOf('asterisk', 'cdr')).toEqual({ source: 'cdr', target: '/var/log/asterisk/cdr-csv', readOnly: false });
    expect(cdr).toEqual({ source: 'cdr', target: '/var/log/asterisk/cdr-csv', readOnly: true });
    expect(compose.services.ingest.environment?.GAPFILL_CDR_CSV_PATH).toBe(`${cdr?.target}/Master.csv`);
  });
});
