import { resolveAmiClientOptions } from './ami-client.options';

describe('resolveAmiClientOptions', () => {
  const base = { host: '127.0.0.1', port: 5038, username: 'crm', secret: 's' };

  it('applies the documented defaults', () => {
    const sut = resolveAmiClientOptions(base);
    expect(sut).toMatchObject({
      auth: 'plain',
      events: 'on',
      actionTimeoutMs: 10_000,
      keepaliveIntervalMs: 20_000,
      keepaliveTimeoutMs: 5_000,
      reconnect: { initialDelayMs: 500, factor: 2, maxDelayMs: 30_000, jitter: 'proportional', jitterRatio: 0.3 },
    });
  });

  it('keeps defaults for reconnect fields left undefined', () => {
    const sut = resolveAmiClientOptions({ ...base, reconnect: { initialDelayMs: 10, maxDelayMs: undefined } });
    expect(sut.reconnect).toMatchObject({ initialDelayMs: 10, maxDelayMs: 30_000 });
  });

  it('rejects unusable values, naming each', () => {
    expect(() => resolveAmiClientOptions({ ...base, host: '', port: 70000, actionTimeoutMs: 0 })).toThrow(
      /host is empty.*port 70000.*actionTimeoutMs must be > 0/,
    );
  });
});
