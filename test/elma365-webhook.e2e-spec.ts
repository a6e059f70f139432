import {
  buildEventPayload,
  Elma365DeliveryErrorCode,
  Elma365DeliveryException,
  Elma365WebhookClient,
  type WebhookPayloadV1,
} from '@app/elma365';
import { Elma365Stub } from '@app/testing';

const token = 'module-token-Zx81';

const payload = buildEventPayload('office', {
  type: 'call.ringing',
  callId: 'office:1700000000.42',
  at: '2024-05-01T10:00:00.000+03:00',
  seq: 1,
  role: 'callee',
  extension: '101',
  direction: 'in',
  from: '+79161234567',
  to: '84951234567',
}) as WebhookPayloadV1;

async function failureOf(promise: Promise<unknown>): Promise<Elma365DeliveryException> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Elma365DeliveryException)) throw new Error(`expected Elma365DeliveryException, got ${error}`);
  return error;
}

describe('Elma365WebhookClient against the ELMA365 stub (e2e)', () => {
  let stub: Elma365Stub;
  let sut: Elma365WebhookClient;

  beforeEach(async () => {
    stub = await Elma365Stub.start({ token });
    sut = new Elma365WebhookClient({ url: stub.url, token, timeoutMs: 2000 });
  });

  afterEach(async () => {
    await stub.close();
  });

  it('200: delivered; the stub sees the payload with a valid signature and token', async () => {
    await expect(sut.send(payload)).resolves.toEqual({ status: 200 });

    const [request] = await stub.waitForRequests(1);
    expect(request).toMatchObject({ method: 'POST', signatureValid: true, tokenValid: true, body: payload });
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['webhook-id']).toBe('office:1700000000.42#1');
    expect(request.raw).toBe(JSON.stringify(payload));
  });

  it('a client with the wrong token is seen as such by the stub', async () => {
    const wrong = new Elma365WebhookClient({ url: stub.url, token: 'not-the-token' });

    await wrong.send(payload);

    const [request] = await stub.waitForRequests(1);
    expect(request).toMatchObject({ signatureValid: false, tokenValid: false });
  });

  it('500 -> retryable, with status and a body excerpt', async () => {
    stub.fail(500);

    const error = await failureOf(sut.send(payload));

    expect(error).toMatchObject({
      code: Elma365DeliveryErrorCode.ServerError,
      classification: 'retryable',
      status: 500,
      bodyExcerpt: '{"success":false,"error":"stub failure"}',
    });
  });

  it('408 -> retryable', async () => {
    stub.fail(408);

    expect(await failureOf(sut.send(payload))).toMatchObject({ classification: 'retryable', status: 408 });
  });

  it('429 + Retry-After: 7 -> rate_limited after 7000 ms', async () => {
    stub.rateLimit(7);

    const error = await failureOf(sut.send(payload));

    expect(error).toMatchObject({
      code: Elma365DeliveryErrorCode.RateLimited,
      classification: 'rate_limited',
      status: 429,
      retryAfterMs: 7000,
    });
  });

  it('400 -> permanent', async () => {
    stub.fail(400, '{"success":false,"error":"bad payload"}');

    const error = await failureOf(sut.send(payload));

    expect(error).toMatchObject({ code: Elma365DeliveryErrorCode.Rejected, classification: 'permanent', status: 400 });
  });

  it('a body echoing the token is masked, and no message names it', async () => {
    stub.fail(401, `{"error":"bad token ${token}"}`);

    const error = await failureOf(sut.send(payload));

    expect(error).toMatchObject({ code: Elma365DeliveryErrorCode.Unauthorized, classification: 'permanent' });
    expect(error.bodyExcerpt).toBe('{"error":"bad token ***"}');
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(token);
  });

  it('hang -> retryable timeout within the given timeoutMs', async () => {
    stub.hang();
    const startedAt = Date.now();

    const error = await failureOf(sut.send(payload, { timeoutMs: 300 }));

    expect(error).toMatchObject({ code: Elma365DeliveryErrorCode.Timeout, classification: 'retryable' });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(290);
    expect(Date.now() - startedAt).toBeLessThan(1500);
    expect(stub.requests).toHaveLength(1);
  });

  it('refused connection -> retryable; after resume() the same URL works again', async () => {
    await sut.send(payload);
    await stub.refuse();

    const error = await failureOf(sut.send(payload));

    expect(error).toMatchObject({ code: Elma365DeliveryErrorCode.NetworkError, classification: 'retryable' });
    expect(error.message).toContain('ECONNREFUSED');
    await stub.resume();
    await expect(sut.send(payload)).resolves.toEqual({ status: 200 });
    expect(stub.requests).toHaveLength(2);
  });

  it('modes switch at any time', async () => {
    stub.fail(503);
    await expect(failureOf(sut.send(payload))).resolves.toMatchObject({ status: 503 });
    stub.ok();

    await expect(sut.send(payload)).resolves.toEqual({ status: 200 });
  });
});
