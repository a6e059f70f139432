import { amiSessionsCheck, pingCheck } from './readiness-check';
import { assessReadiness } from './readiness-report';

const session = (pbxId: string, connected: boolean) => ({
  pbx: { pbxId },
  connected,
  eventCount: 0,
  liveCalls: 0,
  callsRecovered: 0,
});

describe('pingCheck', () => {
  it('is up when the ping settles', async () => {
    const sut = pingCheck('redis', () => Promise.resolve('7.0.0'));

    await expect(sut.check()).resolves.toEqual({ status: 'up', details: {} });
  });

  it('is down with the error when the ping fails', async () => {
    const sut = pingCheck('postgres', () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')));

    await expect(sut.check()).resolves.toEqual({
      status: 'down',
      details: { error: 'connect ECONNREFUSED 127.0.0.1:5432' },
    });
  });

  it('is down when the ping never answers', async () => {
    const sut = pingCheck('redis', () => new Promise(() => undefined), 20);

    await expect(sut.check()).resolves.toEqual({ status: 'down', details: { error: 'no answer within 20 ms' } });
  }, 5_000);
});

describe('amiSessionsCheck', () => {
  it('is up with no PBX configured', async () => {
    const sut = amiSessionsCheck(() => []);

    await expect(sut.check()).resolves.toEqual({ status: 'up', details: {} });
  });

  it('is down while one PBX is not logged in, naming each', async () => {
    const sut = amiSessionsCheck(() => [session('office', true), session('branch', false)]);

    await expect(sut.check()).resolves.toEqual({
      status: 'down',
      details: { office: 'connected', branch: 'disconnected' },
    });
  });
});

describe('assessReadiness', () => {
  const sut = assessReadiness;

  it('answers 200 with every component up, in the shape of the API', async () => {
    const report = await sut([
      pingCheck('redis', () => Promise.resolve()),
      amiSessionsCheck(() => [session('office', true)]),
    ]);

    expect(report).toEqual({
      statusCode: 200,
      body: { status: 'ok', info: { redis: { status: 'up' }, ami: { status: 'up', office: 'connected' } } },
    });
  });

  it('answers 503 naming only the components that are down, as the API does', async () => {
    const report = await sut([
      pingCheck('redis', () => Promise.resolve()),
      amiSessionsCheck(() => [session('office', false)]),
      pingCheck('postgres', () => Promise.reject(new Error('timeout'))),
    ]);

    expect(report).toEqual({
      statusCode: 503,
      body: {
        statusCode: 503,
        code: 'HEALTH_NOT_READY',
        message: 'Not ready: ami, postgres is down',
        details: [
          { field: 'ami', reason: 'down (office: disconnected)' },
          { field: 'postgres', reason: 'down (error: timeout)' },
        ],
      },
    });
  });
});
