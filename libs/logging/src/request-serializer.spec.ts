import { maskSecretQueryParams, serializeRequest } from './request-serializer';

describe('maskSecretQueryParams', () => {
  const sut = maskSecretQueryParams;

  it.each([
    ['/recordings/1?sig=abc&expires=9', '/recordings/1?sig=[Redacted]&expires=9'],
    ['/x?expires=9&SIG=abc', '/x?expires=9&SIG=[Redacted]'],
    ['/x?token=t1&a=1&token=t2#frag', '/x?token=[Redacted]&a=1&token=[Redacted]#frag'],
    ['/x?signature=keep&mytoken=keep', '/x?signature=keep&mytoken=keep'],
    ['/plain', '/plain'],
  ])('%s -> %s', (url, expected) => {
    expect(sut(url)).toBe(expected);
  });
});

describe('serializeRequest', () => {
  const sut = serializeRequest;

  it('keeps the request line and headers but drops query, params and body copies', () => {
    const serialized = sut({
      id: 1,
      method: 'GET',
      url: '/r?sig=s3cret',
      headers: { host: 'h' },
      remoteAddress: '127.0.0.1',
      remotePort: 5000,
      ...{ query: { sig: 's3cret' }, params: {}, body: { password: 'p' } },
    });

    expect(serialized).toEqual({
      id: 1,
      method: 'GET',
      url: '/r?sig=[Redacted]',
      headers: { host: 'h' },
      remoteAddress: '127.0.0.1',
      remotePort: 5000,
    });
  });
});
