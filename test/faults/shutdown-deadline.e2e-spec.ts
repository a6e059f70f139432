import { SHUTDOWN_DEADLINE_MS } from '@app/logging';
import { Elma365Stub, waitFor } from '@app/testing';
import { resetStores, WEBHOOK_TOKEN } from '../support/delivery-harness';
import { faultEnv } from '../support/fault-harness';
import { freePort } from '../support/free-port';
import { explained, SpawnedApp } from '../support/spawned-app';
import { ThrowawayRedis } from '../support/throwaway-redis';

/** Margin for Node to start the exit after the deadline fires, on a busy machine. */
const EXIT_MARGIN_MS = 3_000;

describe('stopping a process whose Redis went away', () => {
  const redises: ThrowawayRedis[] = [];
  const stubs: Elma365Stub[] = [];
  const apps: SpawnedApp[] = [];

  afterAll(async () => {
    for (const app of apps) await app.kill();
    for (const stub of stubs) await stub.close();
    for (const redis of redises) await redis.stop();
  });

  it.each(['worker', 'api'] as const)(
    '%s: SIGTERM ends it within the shutdown deadline although Redis never comes back',
    async (name) => {
      await resetStores();
      const redis = await ThrowawayRedis.start();
      redises.push(redis);
      const stub = await Elma365Stub.start({ token: WEBHOOK_TOKEN });
      stubs.push(stub);
      const env = {
        ...faultEnv(stub, { REDIS_URL: redis.url, LOG_LEVEL: 'log' }),
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(await freePort()),
      };
      const app = SpawnedApp.start(name, env);
      apps.push(app);
      await explained(
        waitFor(() => /Started|Listening on/.test(app.tail), { timeoutMs: 20_000, what: `${name} started` }),
        [app],
      );
      await redis.kill();
      await waitFor(() => /ECONNREFUSED|Connection is closed|reconnect/i.test(app.tail), {
        timeoutMs: 10_000,
        what: `${name} noticing Redis gone`,
      }).catch(() => undefined);

      const took = await app.stop();

      expect(app.running).toBe(false);
      expect(took).toBeLessThan(SHUTDOWN_DEADLINE_MS + EXIT_MARGIN_MS);
    },
    60_000,
  );
});
