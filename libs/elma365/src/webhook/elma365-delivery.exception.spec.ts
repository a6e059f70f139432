import { Elma365DeliveryErrorCode as Code, Elma365DeliveryException } from './elma365-delivery.exception';

describe('Elma365DeliveryException', () => {
  it.each([
    [Code.NetworkError, 'retryable'],
    [Code.Timeout, 'retryable'],
    [Code.ServerError, 'retryable'],
    [Code.RequestTimeout, 'retryable'],
    [Code.RateLimited, 'rate_limited'],
    [Code.Unauthorized, 'permanent'],
    [Code.Rejected, 'permanent'],
    [Code.InvalidRequest, 'permanent'],
  ])('%s is %s', (code, classification) => {
    const sut = new Elma365DeliveryException(code, 'x');

    expect(sut.classification).toBe(classification);
    expect(sut.retryable).toBe(classification !== 'permanent');
  });

  it('carries status, Retry-After and the body excerpt', () => {
    const sut = new Elma365DeliveryException(Code.RateLimited, 'ELMA365 webhook answered HTTP 429', {
      status: 429,
      retryAfterMs: 7000,
      bodyExcerpt: '{"error":"too many"}',
    });

    expect(sut).toMatchObject({ name: 'Elma365DeliveryException', status: 429, retryAfterMs: 7000 });
    expect(sut).toBeInstanceOf(Error);
  });
});
