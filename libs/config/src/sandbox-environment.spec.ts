import 'reflect-metadata';
import { ConfigException } from './config.exception';
import { loadConfig } from './load-config';
import {
  refuseSandboxBeyondLoopback,
  SANDBOX_ADMIN,
  SANDBOX_API_KEY,
  sandboxAdminLogin,
  type SandboxEndpoints,
  sandboxEnvironment,
} from './sandbox-environment';

const ENDPOINTS: SandboxEndpoints = {
  amiUrl: 'ami://sandbox:secret@127.0.0.1:5038/sandbox',
  amiOriginateUrl: 'ami://sandbox-originate:secret2@127.0.0.1:5038/sandbox',
  webhookUrl: 'http://127.0.0.1:4000/webhook',
  webhookToken: 'sandbox-webhook-token-0123456789abcdef',
};

describe(sandboxEnvironment.name, () => {
  const sut = sandboxEnvironment;

  it('points a bare environment at the sandbox: loopback API, the sandbox key and the sandbox admin login', () => {
    const env = sut(ENDPOINTS, {});

    const config = loadConfig(env);
    expect(config.http.host).toBe('127.0.0.1');
    expect(config.api.keys).toEqual([SANDBOX_API_KEY]);
    expect(config.api.admin).toEqual({ user: 'admin', password: 'sandbox-admin' });
    expect(sandboxAdminLogin(env)).toBe(SANDBOX_ADMIN);
    expect(config.ami.pbxs[0].username).toBe('sandbox');
    expect(config.ami.pbxs[0].originator?.username).toBe('sandbox-originate');
  });

  it('sends to the stand-in without a request budget, unless one is set', () => {
    const bare = sut(ENDPOINTS, {});
    const limited = sut(ENDPOINTS, { ELMA365_RATE_LIMIT_PER_MINUTE: '60' });

    expect(loadConfig(bare).delivery.rateLimitPerMinute).toBe(0);
    expect(loadConfig(limited).delivery.rateLimitPerMinute).toBe(60);
  });

  it("keeps the admin's own login", () => {
    const env = sut(ENDPOINTS, { ADMIN_USER: 'ops', ADMIN_PASSWORD: 'correct-horse-battery' });

    expect(loadConfig(env).api.admin).toEqual({ user: 'ops', password: 'correct-horse-battery' });
    expect(sandboxAdminLogin(env)).toBeUndefined();
  });

  it('does not complete half an admin login with the sandbox password', () => {
    const env = sut(ENDPOINTS, { ADMIN_USER: 'ops' });

    expect(env.ADMIN_PASSWORD).toBeUndefined();
  });

  it.each(['localhost', '127.0.0.2', '::1'])('offers the sandbox login on loopback host %s', (host) => {
    const env = sut(ENDPOINTS, { HTTP_HOST: host });

    expect(sandboxAdminLogin(env)).toBe(SANDBOX_ADMIN);
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', 'connector.local'])(
    'refuses to start when the API would listen on %s: the published key and login stay on loopback',
    (host) => {
      const env: Record<string, string> = { HTTP_HOST: host };

      expect(() => sut(ENDPOINTS, env)).toThrow(ConfigException);
      expect(() => refuseSandboxBeyondLoopback(env)).toThrow(`HTTP_HOST=${host}: nothing is configured`);
      expect(env.AMI_URL).toBeUndefined();
      expect(env.API_KEYS).toBeUndefined();
    },
  );
});
