import { createServer, connect, type Server } from 'node:net';
import { TcpDelayProxy } from './tcp-delay-proxy';

describe(TcpDelayProxy.name, () => {
  let echo: Server;
  let sut: TcpDelayProxy;

  beforeAll(async () => {
    echo = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    sut = await TcpDelayProxy.start('127.0.0.1', (echo.address() as { port: number }).port, 30);
  });

  afterAll(async () => {
    await sut.close();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  });

  it('holds what the client sends back by the delay, keeps its order, and returns the answers', async () => {
    const client = connect(sut.port, '127.0.0.1');
    let received = '';
    const answered = new Promise<number>((resolve) =>
      client.on('data', (chunk: Buffer) => {
        received += chunk.toString();
        if (received.length === 30) resolve(performance.now());
      }),
    );
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    const sentAt = performance.now();
    for (let i = 0; i < 10; i++) client.write(`m${i}|`);

    const at = await answered;
    client.destroy();
    expect(received).toBe('m0|m1|m2|m3|m4|m5|m6|m7|m8|m9|');
    expect(at - sentAt).toBeGreaterThanOrEqual(29);
  });

  it('points a database URL at itself', () => {
    expect(sut.urlFor('postgres://u:p@db.example:5432/connector?sslmode=disable')).toBe(
      `postgres://u:p@127.0.0.1:${sut.port}/connector?sslmode=disable`,
    );
  });
});
