import type { ComponentHealth, ReadinessCheck } from './readiness-check';
import { ReadinessChecks } from './readiness-checks';

const fixed = (component: string, health: ComponentHealth, advisory = false): ReadinessCheck => ({
  component,
  advisory,
  check: () => Promise.resolve(health),
});

describe(ReadinessChecks.name, () => {
  it('keeps one entry per component, down when any module that checks it says down, the failing details first', async () => {
    const sut = new ReadinessChecks();
    sut.add(
      fixed('redis', { status: 'up', details: {} }),
      fixed('ami', { status: 'up', details: { office: 'connected' } }),
    );
    sut.add(fixed('ami', { status: 'down', details: { office: 'disconnected' } }));

    expect(sut.list.map((c) => c.component)).toEqual(['redis', 'ami']);
    expect(await sut.assess()).toEqual([
      { component: 'redis', advisory: false, health: { status: 'up', details: {} } },
      { component: 'ami', advisory: false, health: { status: 'down', details: { office: 'disconnected' } } },
    ]);
  });

  it('lists an advisory component only while it has something to say', async () => {
    const sut = new ReadinessChecks();
    sut.add(fixed('elma365Budget', { status: 'up', details: {} }, true));
    expect(await sut.assess()).toEqual([]);

    sut.add(fixed('elma365Budget', { status: 'up', details: { warning: 'saturated' } }, true));
    expect(await sut.assess()).toEqual([
      { component: 'elma365Budget', advisory: true, health: { status: 'up', details: { warning: 'saturated' } } },
    ]);
  });

  it('asks a shared check (a store ping) once however many modules add it', async () => {
    const sut = new ReadinessChecks();
    const pings = jest.fn(() => Promise.resolve({ status: 'up' as const, details: {} }));
    const redis: ReadinessCheck = { component: 'redis', shared: true, check: pings };
    sut.add(redis);
    sut.add({ ...redis });
    sut.add({ ...redis });

    await sut.assess();
    expect(pings).toHaveBeenCalledTimes(1);
  });
});
