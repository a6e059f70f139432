import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { SpawnedApp } from './support/spawned-app';
import { resetStores, TEST_DATABASE_URL } from './support/delivery-harness';
import { TEST_REDIS_URL } from './support/test-database';
import { freePort } from './support/free-port';

/**
 * The `monitoring` profile (docker/monitoring) against a running connector: Debian's Prometheus scrapes a sandbox run
 * with the profile's own scrape settings and alert rules, then every dashboard panel's query and every alert
 * expression is evaluated through its HTTP API. A query naming a metric the connector does not export comes back
 * empty and fails here. Debian's `prometheus` and `prometheus-alertmanager` (scripts/services.sh --with-test-tools).
 */
const root = resolve(__dirname, '..');
const MONITORING = resolve(root, 'docker/monitoring');
const PROMETHEUS_YML = join(MONITORING, 'prometheus/prometheus.yml');
const ALERTS_YML = join(MONITORING, 'prometheus/alerts.yml');
const ALERTS_TEST_YML = join(MONITORING, 'prometheus/alerts.test.yml');
const DASHBOARD = join(MONITORING, 'grafana/dashboards/connector.json');
const DATASOURCE_YML = join(MONITORING, 'grafana/provisioning/datasources/prometheus.yml');
const OPERATIONS_MD = resolve(root, 'docs/operations.md');
const SANDBOX_API_KEY = 'sandbox-local-api-key';
/** What Grafana puts in for its variables; the windows are wide enough for a 1 s scrape. */
const GRAFANA_VARIABLES: Record<string, string> = { $__rate_interval: '1m', $__range: '5m', $__interval: '15s' };

interface ScrapeConfig {
  job_name: string;
  scrape_interval?: string;
  authorization?: { type: string; credentials_file: string };
  static_configs: { targets: string[] }[];
}
interface PrometheusConfig {
  global: Record<string, string>;
  rule_files: string[];
  alerting?: unknown;
  scrape_configs: ScrapeConfig[];
}
interface Rule {
  alert: string;
  expr: string;
  annotations: Record<string, string>;
}
interface Panel {
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: { expr: string; datasource?: { uid: string } }[];
}
interface QueryAnswer {
  status: string;
  error?: string;
  data?: { result: unknown[] };
}

function tool(bin: string, args: string[]): { status: number | null; output: string } {
  const run = spawnSync(bin, args, { encoding: 'utf8', timeout: 30_000 });
  if (run.error)
    throw new Error(`${bin}: ${run.error.message} (install it: bash scripts/services.sh --with-test-tools)`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const rules = (parse(readFileSync(ALERTS_YML, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap(
  (g) => g.rules,
);
const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { uid: string; panels: Panel[] };
const panels = dashboard.panels.filter((p) => p.type !== 'row');
const panelQueries = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));

describe('the monitoring profile: files', () => {
  it('promtool: the alert rules are valid, and behave as their unit tests say (fire, stay quiet)', () => {
    expect(tool('/usr/bin/promtool', ['check', 'rules', ALERTS_YML])).toMatchObject({ status: 0 });
    const tested = tool('/usr/bin/promtool', ['test', 'rules', ALERTS_TEST_YML]);
    expect(tested).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('promtool: prometheus.yml is valid; amtool: alertmanager.yml is valid', () => {
    expect(tool('/usr/bin/promtool', ['check', 'config', '--syntax-only', PROMETHEUS_YML])).toMatchObject({
      status: 0,
    });
    const amtool = tool('/usr/bin/amtool', ['check-config', join(MONITORING, 'alertmanager/alertmanager.yml')]);
    expect(amtool).toMatchObject({ status: 0 });
  });

  it('scrapes the three apps where compose runs them; the API with a bearer key', () => {
    const config = parse(readFileSync(PROMETHEUS_YML, 'utf8')) as PrometheusConfig;
    const compose = parse(readFileSync(resolve(root, 'compose.yaml'), 'utf8')) as {
      services: Record<string, { environment?: Record<string, string | number> }>;
    };
    const portOf = (app: string): string => {
      const env = compose.services[app].environment ?? {};
      return String(env.OPS_HTTP_PORT ?? env.HTTP_PORT);
    };
    const targets = Object.fromEntries(config.scrape_configs.map((s) => [s.job_name, s.static_configs[0].targets]));

    expect(targets).toEqual({
      'connector-api': [`api:${portOf('api')}`],
      'connector-ingest': [`ingest:${portOf('ingest')}`],
      'connector-worker': [`worker:${portOf('worker')}`],
    });
    expect(config.scrape_configs.find((s) => s.job_name === 'connector-api')?.authorization?.type).toBe('Bearer');
    expect(readFileSync(join(MONITORING, 'prometheus/start.sh'), 'utf8')).toContain(
      config.scrape_configs[0].authorization?.credentials_file,
    );
  });

  it('has the alerts an operator needs, each with a runbook section that exists in docs/operations.md', () => {
    const operations = readFileSync(OPERATIONS_MD, 'utf8');
    const anchors = new Set([...operations.matchAll(/<a id="([a-z0-9-]+)"><\/a>/g)].map((m) => m[1]));

    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'ConnectorAmiDown',
        'ConnectorDeadLettersGrowing',
        'ConnectorDeliveryLagging',
        'ConnectorElma365BudgetSaturated',
        'ConnectorNoCallsInWorkingHours',
      ]),
    );
    for (const rule of rules) {
      const anchor = /^docs\/operations\.md#([a-z0-9-]+)$/.exec(rule.annotations.runbook ?? '')?.[1];
      expect({ alert: rule.alert, anchor: anchor && anchors.has(anchor) }).toEqual({ alert: rule.alert, anchor: true });
      expect(operations).toContain(rule.alert);
    }
  });

  it('the dashboard: every panel queries the provisioned Prometheus, and docs/operations.md describes every panel', () => {
    const uid = (parse(readFileSync(DATASOURCE_YML, 'utf8')) as { datasources: { uid: string }[] }).datasources[0].uid;
    const operations = readFileSync(OPERATIONS_MD, 'utf8');

    expect(panels.length).toBeGreaterThan(10);
    for (const panel of panels) {
      expect({ panel: panel.title, uid: panel.datasource?.uid, targets: panel.targets?.length ?? 0 }).toEqual({
        panel: panel.title,
        uid,
        targets: expect.any(Number),
      });
      expect(panel.targets?.length).toBeGreaterThan(0);
      expect({ panel: panel.title, documented: operations.includes(panel.title) }).toEqual({
        panel: panel.title,
        documented: true,
      });
    }
  });
});

describe('the monitoring profile: Prometheus against a sandbox run', () => {
  let dir: string;
  let connector: SpawnedApp;
  let prometheus: ChildProcess;
  let prometheusUrl: string;
  let prometheusOutput = '';

  async function query(expr: string): Promise<QueryAnswer> {
    const res = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    return (await res.json()) as QueryAnswer;
  }

  async function waitFor(what: string, expr: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answer = await query(expr).catch(() => undefined);
      if ((answer?.data?.result.length ?? 0) > 0) return;
      if (Date.now() > deadline) {
        throw new Error(
          `${what}: nothing within ${timeoutMs} ms (${expr})\n--- connector:\n${connector.tail.slice(-1500)}\n` +
            `--- prometheus:\n${prometheusOutput.slice(-1500)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  beforeAll(async () => {
    await resetStores();
    dir = mkdtempSync(join(tmpdir(), 'connector-monitoring-'));
    const apiPort = await freePort();
    connector = SpawnedApp.start(
      'all',
      { DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL, HTTP_PORT: String(apiPort) },
      'sandbox',
    );

    // The profile's own config, pointed at the sandbox: every metric of the three apps is on its API's /metrics.
    const config = parse(readFileSync(PROMETHEUS_YML, 'utf8')) as PrometheusConfig;
    const api = config.scrape_configs.find((s) => s.job_name === 'connector-api');
    if (!api?.authorization) throw new Error('prometheus.yml: no connector-api job with an authorization');
    writeFileSync(join(dir, 'api-key'), SANDBOX_API_KEY);
    const local: PrometheusConfig = {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [ALERTS_YML],
      scrape_configs: [
        {
          ...api,
          authorization: { ...api.authorization, credentials_file: join(dir, 'api-key') },
          static_configs: [{ targets: [`127.0.0.1:${apiPort}`] }],
        },
      ],
    };
    writeFileSync(join(dir, 'prometheus.yml'), stringify(local));
    const port = await freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      '/usr/bin/prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.on('error', (error) => (prometheusOutput += `${error.message} (scripts/services.sh --with-test-tools)`));
    prometheus.stderr?.on('data', (chunk: Buffer) => (prometheusOutput += chunk.toString()));

    // Calls played, stored, their cards and records delivered, and a minute-window rate to compute.
    await waitFor('a scrape of the sandbox', 'up{job="connector-api"} == 1', 60_000);
    await waitFor('a call stored', 'connector_calls_stored_total > 0', 90_000);
    await waitFor('a card sent', 'connector_elma365_card_lag_seconds_count > 0', 60_000);
    await waitFor('a call record delivered', 'connector_elma365_requests_per_call_count > 0', 60_000);
    await waitFor('rate() over several scrapes', 'rate(connector_calls_stored_total[1m]) > 0', 30_000);
  }, 300_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      prometheus.kill('SIGTERM');
      await once(prometheus, 'exit');
    }
    await connector?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('every panel query of the dashboard returns series', async () => {
    const empty: string[] = [];
    for (const { panel, expr } of panelQueries) {
      const promql = expr.replace(/\$__[a-z_]+/g, (name) => GRAFANA_VARIABLES[name] ?? name);
      const answer = await query(promql);
      if (answer.status !== 'success' || (answer.data?.result.length ?? 0) === 0) {
        empty.push(`${panel}: ${promql} -> ${answer.error ?? 'no series'}`);
      }
    }

    expect(empty).toEqual([]);
  });

  it('every alert expression evaluates, and every metric it reads has series', async () => {
    const problems: string[] = [];
    for (const rule of rules) {
      const answer = await query(rule.expr);
      if (answer.status !== 'success') problems.push(`${rule.alert}: ${answer.error ?? answer.status}`);
      // The connector's metrics, and Prometheus's own `up` (a selector, not a word of the text around it).
      const names = new Set(rule.expr.match(/\bconnector_[a-z0-9_]+|\bup(?=\{)/g) ?? []);
      if (names.size === 0) problems.push(`${rule.alert}: reads no metric`);
      for (const name of names) {
        const series = await query(`count({__name__="${name}"})`);
        if ((series.data?.result.length ?? 0) === 0) problems.push(`${rule.alert}: no series of ${name}`);
      }
    }

    expect(problems).toEqual([]);
  });

  it('Prometheus loaded every rule and evaluates it without error; none is pending on a healthy sandbox', async () => {
    const answer = (await (await fetch(`${prometheusUrl}/api/v1/rules`)).json()) as {
      data: { groups: { rules: { name: string; health: string; lastError?: string; state: string }[] }[] };
    };
    const loaded = answer.data.groups.flatMap((g) => g.rules);

    expect(loaded.map((r) => r.name).sort()).toEqual(rules.map((r) => r.alert).sort());
    for (const rule of loaded) {
      expect({ rule: rule.name, health: rule.health, error: rule.lastError ?? '' }).toEqual({
        rule: rule.name,
        health: 'ok',
        error: '',
      });
    }
    // Calls are played, every store answers, nothing waits: no alert is pending or firing.
    expect(loaded.filter((r) => r.state !== 'inactive').map((r) => `${r.name}: ${r.state}`)).toEqual([]);
  });
});
