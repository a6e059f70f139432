import { resetStores } from './support/delivery-harness';
import { startApiApp } from './support/api-app';

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('the queue dashboard at /admin/queues', () => {
  beforeAll(() => resetStores());

  it('asks for the admin credentials, and shows both queues to the admin', async () => {
    const app = await startApiApp({ ADMIN_USER: 'ops', ADMIN_PASSWORD: 'dashboard-password-1' });
    try {
      const url = `${await app.getUrl()}/admin/queues`;
      const anonymous = await fetch(url);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
      expect((await fetch(url, { headers: { authorization: basic('ops', 'wrong-password-000') } })).status).toBe(401);

      const page = await fetch(url, { headers: { authorization: basic('ops', 'dashboard-password-1') } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      const queues = await fetch(`${url}/api/queues`, {
        headers: { authorization: basic('ops', 'dashboard-password-1') },
      });
      const names = ((await queues.json()) as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
      expect(names).toEqual(['call-events', 'elma365-delivery']);
    } finally {
      await app.close();
    }
  });

  it('is not there at all without admin credentials configured', async () => {
    const app = await startApiApp({});
    try {
      expect((await fetch(`${await app.getUrl()}/admin/queues`)).status).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('stays out of frames and refuses a change asked by another site, although the browser sends the login', async () => {
    const app = await startApiApp({ ADMIN_USER: 'ops', ADMIN_PASSWORD: 'dashboard-password-1' });
    try {
      const url = `${await app.getUrl()}/admin/queues`;
      const authorization = basic('ops', 'dashboard-password-1');
      const page = await fetch(url, { headers: { authorization } });
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(page.headers.get('x-powered-by')).toBeNull();

      const crossSite = await fetch(`${url}/api/queues/elma365-delivery/add`, {
        method: 'POST',
        headers: { authorization, origin: 'https://evil.example', 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x', data: {} }),
      });
      expect(crossSite.status).toBe(403);
      expect(await crossSite.json()).toMatchObject({ code: 'AUTH_ADMIN_CROSS_SITE_REQUEST' });
      const sameSite = await fetch(`${url}/api/queues/elma365-delivery/pause`, {
        method: 'PUT',
        headers: { authorization, origin: new URL(url).origin },
      });
      expect(sameSite.status).not.toBe(403);
      // Behind a proxy that rewrites Host, the page's origin is PUBLIC_BASE_URL's (here the default, port 3000).
      const proxied = await fetch(`${url}/api/queues/elma365-delivery/pause`, {
        method: 'PUT',
        headers: { authorization, origin: 'http://127.0.0.1:3000' },
      });
      expect(proxied.status).not.toBe(403);
      await fetch(`${url}/api/queues/elma365-delivery/resume`, { method: 'PUT', headers: { authorization } });
    } finally {
      await app.close();
    }
  });

  it('slows down password guessing: after 10 failed logins from one address, 429 with Retry-After', async () => {
    const app = await startApiApp({ ADMIN_USER: 'ops', ADMIN_PASSWORD: 'dashboard-password-1' });
    try {
      const url = `${await app.getUrl()}/admin/queues`;
      for (let i = 0; i < 10; i++) {
        expect((await fetch(url, { headers: { authorization: basic('ops', `guess-${i}-000000`) } })).status).toBe(401);
      }
      const throttled = await fetch(url, { headers: { authorization: basic('ops', 'dashboard-password-1') } });
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});
