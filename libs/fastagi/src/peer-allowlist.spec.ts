import { PeerAllowlist } from './peer-allowlist';

describe('PeerAllowlist', () => {
  it('lets listed addresses in, IPv4 ones also as IPv4-mapped IPv6', async () => {
    const sut = new PeerAllowlist(['10.0.0.5', '::1'], async () => []);

    expect(await sut.allows('10.0.0.5')).toBe(true);
    expect(await sut.allows('::ffff:10.0.0.5')).toBe(true);
    expect(await sut.allows('::1')).toBe(true);
    expect(await sut.allows('10.0.0.6')).toBe(false);
    expect(await sut.allows(undefined)).toBe(false);
  });

  it('resolves host names, and again only after a while when an unknown address knocks', async () => {
    let now = 0;
    const resolve = jest.fn(async (host: string) => (host === 'asterisk' ? ['172.18.0.3'] : []));
    const sut = new PeerAllowlist(['asterisk'], resolve, () => now);

    expect(await sut.allows('172.18.0.3')).toBe(true);
    expect(await sut.allows('203.0.113.9')).toBe(false);
    expect(resolve).toHaveBeenCalledTimes(1);
    now += 31_000;
    expect(await sut.allows('203.0.113.9')).toBe(false);
    expect(resolve).toHaveBeenCalledTimes(2);
  });

  it('lets anybody in with *', async () => {
    expect(await new PeerAllowlist(['*']).allows('198.51.100.1')).toBe(true);
  });
});
