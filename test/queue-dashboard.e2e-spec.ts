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
});
