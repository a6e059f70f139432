import { isAllowedWebhookHost } from './webhook-host-allowlist';

describe(isAllowedWebhookHost.name, () => {
  const sut = isAllowedWebhookHost;

  it('allows a listed host, whatever its case, port or path', () => {
    expect(sut('https://Company.ELMA365.ru:8443/a/b?token=x', ['company.elma365.ru'])).toBe(true);
    expect(sut('http://127.0.0.1:8080/hook', ['elma.local', '127.0.0.1'])).toBe(true);
    expect(sut('http://[::1]:8080/hook', ['::1'])).toBe(true);
  });

  it('refuses any other host, including look-alikes', () => {
    expect(sut('https://attacker.example/hook', ['company.elma365.ru'])).toBe(false);
    expect(sut('https://company.elma365.ru.attacker.example/hook', ['company.elma365.ru'])).toBe(false);
    expect(sut('https://evilcompany.elma365.ru/hook', ['company.elma365.ru'])).toBe(false);
    expect(sut('https://company.elma365.ru/hook', [])).toBe(false);
  });

  it('lets *.domain stand for every host under the domain, not the domain itself', () => {
    expect(sut('https://company.elma365.ru/hook', ['*.elma365.ru'])).toBe(true);
    expect(sut('https://a.b.elma365.ru/hook', ['*.elma365.ru'])).toBe(true);
    expect(sut('https://elma365.ru/hook', ['*.elma365.ru'])).toBe(false);
    expect(sut('https://notelma365.ru/hook', ['*.elma365.ru'])).toBe(false);
  });

  it('refuses what is not a URL', () => {
    expect(sut('company.elma365.ru/hook', ['company.elma365.ru'])).toBe(false);
  });
});
