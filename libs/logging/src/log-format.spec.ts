import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '@app/config';
import { prettyLogStream, usesPrettyLogs } from './log-format';
import { pinoHttpOptions } from './pino-http-options';

/** A logger with the connector's redaction, writing JSON or pretty lines into a string. */
function capture(pretty: boolean): { logger: pino.Logger; text: () => string } {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const { level, redact } = pinoHttpOptions(loadConfig({}));
  const destination = pretty ? prettyLogStream({ destination: sink, colorize: false }) : sink;
  return { logger: pino({ level, redact }, destination), text: () => text };
}

describe(usesPrettyLogs.name, () => {
  const sut = usesPrettyLogs;

  it('is readable at a terminal and JSON elsewhere, unless LOG_FORMAT forces one', () => {
    expect([sut('auto', true), sut('auto', false)]).toEqual([true, false]);
    expect([sut('json', true), sut('pretty', false)]).toEqual([false, true]);
  });
});

describe(prettyLogStream.name, () => {
  it('writes time, level, [context] and message on one line, and a request as method, path, status, time', () => {
    const { logger, text } = capture(true);

    logger.info({ context: 'Ingest' }, 'Connecting to PBX office');
    logger.info({ req: { method: 'GET', url: '/api/v1/calls' }, res: { statusCode: 200 }, responseTime: 4 }, 'done');

    const lines = text().trim().split('\n');
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO.*: \[Ingest\] Connecting to PBX office$/);
    expect(lines[1]).toMatch(/INFO.*: GET \/api\/v1\/calls 200 4 ms$/);
    expect(text()).not.toContain('"pid"');
  });

  it('hides the same secrets as the JSON lines do', () => {
    const secrets = { password: 'hunter2-pass', nested: { token: 't0ken-value' }, apiKey: 'key-0123456789' };
    const outputs = [capture(false), capture(true)].map(({ logger, text }) => {
      logger.info({ context: 'Test', ...secrets }, 'with secrets');
      return text();
    });

    for (const output of outputs) {
      expect(output).toContain('with secrets');
      for (const secret of ['hunter2-pass', 't0ken-value', 'key-0123456789']) expect(output).not.toContain(secret);
    }
  });
});
