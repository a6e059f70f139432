import { Registry } from 'prom-client';
import { pingCheck, warningCheck } from './readiness-check';
import { registerReadinessGauge } from './readiness.gauge';

describe(registerReadinessGauge.name, () => {
  it('shows each required check as 1 or 0 at every scrape and leaves advisory ones out', async () => {
    const sut = new Registry();
    let postgresUp = true;
    registerReadinessGauge(sut, () => [
      pingCheck('redis', () => Promise.resolve('PONG')),
      pingCheck('postgres', () => (postgresUp ? Promise.resolve(1) : Promise.reject(new Error('refused')))),
      warningCheck('gapFill', () => Promise.resolve('no CDR file')),
    ]);

    expect(await sut.metrics()).toMatch(/^connector_dependency_up\{component="postgres"\} 1$/m);
    postgresUp = false;
    const text = await sut.metrics();

    expect(text).toMatch(/^connector_dependency_up\{component="postgres"\} 0$/m);
    expect(text).toMatch(/^connector_dependency_up\{component="redis"\} 1$/m);
    expect(text).not.toContain('gapFill');
  });
});
