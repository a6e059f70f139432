import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, posix, resolve } from 'node:path';
import { freePort } from './support/free-port';

/**
 * The `edge` profile's Caddyfile (docker/caddy): what it forwards to the API, read two ways — the routes `caddy adapt`
 * makes of it, and a real Caddy in front of a stand-in API, asked for every admin path in the forms an attacker tries.
 * Debian's `caddy` package (scripts/services.sh --with-test-tools).
 */
const CADDYFILE = resolve(__dirname, '../docker/caddy/Caddyfile');
const CADDY = '/usr/bin/caddy';
/** What ELMA365's scripts and users' browsers need; everything else must stay inside. */
const FORWARDED = ['/api/v1/*', '/recordings/*'];
const ADMIN_PATHS = ['/docs', '/docs-json', '/admin/queues', '/metrics', '/health/ready', '/health/live'];

interface Route {
  match?: { host?: string[]; path?: string[] }[];
  handle?: { handler: string; routes?: Route[]; status_code?: number }[];
}

/** Every reverse_proxy in the adapted config, with the path matchers on the way to it. */
function proxiedPaths(routes: readonly Route[], paths: string[] = []): string[][] {
  return routes.flatMap((route) => {
    const here = [...paths, ...(route.match ?? []).flatMap((m) => m.path ?? [])];
    return (route.handle ?? []).flatMap((h) =>
      h.handler === 'reverse_proxy' ? [here] : h.routes ? proxiedPaths(h.routes, here) : [],
    );
  });
}

/** A raw GET (fetch would normalise `..` and `%2e` away before sending): the status line's code. */
function rawGet(port: number, target: string): Promise<number> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`),
    );
    let head = '';
    socket.on('data', (chunk: Buffer) => (head += chunk.toString('latin1')));
    socket.on('error', fail);
    socket.on('close', () => done(Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0)));
  });
}

describe('the edge profile (Caddy in front of the API)', () => {
  it('caddy adapt: one reverse proxy, reached only through /api/v1/* and /recordings/*, and a 404 for the rest', () => {
    const adapted = spawnSync(CADDY, ['adapt', '--config', CADDYFILE, '--adapter', 'caddyfile'], {
      env: { EDGE_SITE: 'connector.example.ru', HOME: tmpdir() },
      encoding: 'utf8',
    });
    expect({ status: adapted.status, stderr: adapted.stderr }).toMatchObject({ status: 0 });
    const config = JSON.parse(adapted.stdout) as {
      admin: { disabled: boolean };
      apps: { http: { servers: Record<string, { listen: string[]; routes: Route[] }> } };
    };
    const servers = Object.values(config.apps.http.servers);

    expect(config.admin.disabled).toBe(true);
    expect(servers.flatMap((s) => s.listen)).toEqual([':443']);
    expect(servers.flatMap((s) => proxiedPaths(s.routes))).toEqual([FORWARDED]);
    expect(JSON.stringify(servers)).toContain('"status_code":404');
  });

  describe('a real Caddy with the Caddyfile', () => {
    let upstream: Server;
    let caddy: ChildProcess;
    let home: string;
    let port: number;
    const received: string[] = [];

    beforeAll(async () => {
      upstream = createServer((request: IncomingMessage, response) => {
        received.push(request.url ?? '');
        response.end('api');
      });
      await new Promise<void>((done) => upstream.listen(0, '127.0.0.1', done));
      port = await freePort();
      home = mkdtempSync(join(tmpdir(), 'edge-'));
      caddy = spawn(CADDY, ['run', '--config', CADDYFILE, '--adapter', 'caddyfile'], {
        env: {
          HOME: home,
          XDG_DATA_HOME: home,
          XDG_CONFIG_HOME: home,
          // plain HTTP on a test port: the routing is the same as on the public name's HTTPS site
          EDGE_SITE: `http://127.0.0.1:${port}`,
          EDGE_UPSTREAM: `127.0.0.1:${(upstream.address() as AddressInfo).port}`,
        },
        stdio: 'ignore',
      });
      const deadline = Date.now() + 10_000;
      while ((await rawGet(port, '/api/v1/calls').catch(() => 0)) !== 200) {
        if (Date.now() > deadline) throw new Error('Caddy did not start within 10 s');
        await new Promise((r) => setTimeout(r, 100));
      }
    }, 20_000);

    afterAll(async () => {
      caddy?.kill();
      await new Promise((done) => upstream?.close(done));
      rmSync(home, { recursive: true, force: true });
    });

    it('forwards the API and the signed recording links', async () => {
      expect(await rawGet(port, '/api/v1/calls?limit=5')).toBe(200);
      expect(await rawGet(port, '/recordings/abc?expires=1&signature=x')).toBe(200);
    });

    it.each([
      ...ADMIN_PATHS,
      '/',
      '/api/v2/calls',
      '/api/v1',
      '/DOCS',
      '//docs',
      '/api/v1/../../docs',
      '/recordings/../admin/queues',
      '/api/v1/%2e%2e/%2e%2e/metrics',
      '/api/v1/..%2f..%2fdocs',
      '/recordings%2f..%2fadmin/queues',
    ])('keeps %s away from the API', async (target) => {
      const before = received.length;
      const status = await rawGet(port, target);
      const reached = received.slice(before);

      // Whatever went through names an API or recording path once decoded and resolved (Express routes the same way).
      const resolved = reached.map((url) => posix.normalize(decodeURIComponent(url.split('?')[0])));
      expect(resolved.filter((p) => !/^\/(api\/v1|recordings)\//i.test(p))).toEqual([]);
      if (ADMIN_PATHS.includes(target))
        expect({ target, status, reached }).toEqual({ target, status: 404, reached: [] });
    });
  });
});
