import type { Socket } from 'node:net';
import { buildAgiEnvironment, parseAgiEnvironmentLine } from './agi-environment';
import { AgiLineReader } from './agi-line-reader';
import { AgiSession } from './agi-session';
import type { FastAgiLogger } from './fastagi-logger';
import { FASTAGI_DEFAULTS } from './fastagi-server.options';

export type AgiHandler = (session: AgiSession) => Promise<void>;

export interface FastAgiConnectionContext {
  readonly deadlineMs: number;
  readonly graceMs: number;
  readonly maxLineChars: number;
  readonly environmentTimeoutMs: number;
  readonly logger: FastAgiLogger;
  readonly handlerFor: (script: string) => AgiHandler | undefined;
}

/**
 * Serves one accepted socket: reads the environment block, runs the script's handler, ends the session.
 * Nothing thrown here may reach the socket's event emitters: every path ends in closing the socket.
 */
export function serveFastAgiConnection(socket: Socket, context: FastAgiConnectionContext): void {
  const startedAtMs = Date.now();
  const reader = new AgiLineReader(context.maxLineChars);
  const environment: Record<string, string> = {};
  let environmentLines = 0;
  let session: AgiSession | null = null;
  let finished = false;
  const { logger } = context;

  const environmentTimer = setTimeout(() => socket.destroy(), context.environmentTimeoutMs);
  // Whatever the handler or Asterisk do, the socket does not outlive the deadline by more than the grace.
  const hardStopTimer = setTimeout(() => socket.destroy(), context.deadlineMs + context.graceMs);

  socket.setNoDelay(true);
  socket.on('error', (error: Error) => logger.debug?.(`FastAGI socket error: ${error.message}`));
  socket.on('close', () => {
    clearTimeout(environmentTimer);
    clearTimeout(hardStopTimer);
    session?.end();
  });
  socket.on('data', (chunk: Buffer) => {
    let lines: string[];
    try {
      lines = reader.push(chunk);
    } catch (error: unknown) {
      logger.warn(error instanceof Error ? error.message : String(error));
      socket.destroy();
      return;
    }
    for (const line of lines) {
      if (session) {
        session.receiveLine(line);
      } else if (line === '') {
        startSession();
      } else if (line === 'HANGUP' || ++environmentLines > FASTAGI_DEFAULTS.maxEnvironmentLines) {
        socket.destroy();
        return;
      } else {
        const entry = parseAgiEnvironmentLine(line);
        if (entry) environment[entry[0]] = entry[1];
      }
    }
  });

  function startSession(): void {
    clearTimeout(environmentTimer);
    const env = buildAgiEnvironment({ ...environment });
    const current = new AgiSession(env, socket, {
      startedAtMs,
      deadlineMs: context.deadlineMs,
      commandTimeoutMs: context.deadlineMs + context.graceMs,
    });
    session = current;
    const handler = context.handlerFor(env.script) ?? refuseUnknownScript;
    runHandler(handler, current).then(finish, finish);
  }

  async function runHandler(handler: AgiHandler, current: AgiSession): Promise<void> {
    try {
      await handler(current);
    } catch (error: unknown) {
      if (!current.hungUp) {
        logger.warn(
          `FastAGI '${current.env.script}' on ${current.env.channel || 'unknown channel'}: ${describe(error)}`,
        );
      }
    }
  }

  function finish(): void {
    if (finished) return;
    finished = true;
    session?.end();
    // Closing the socket is how a FastAGI script ends: Asterisk continues with the next priority.
    if (!socket.destroyed) socket.end();
  }

  async function refuseUnknownScript(current: AgiSession): Promise<void> {
    logger.warn(`FastAGI: no handler for script '${current.env.script}' (channel ${current.env.channel})`);
    await current.verbose(`FastAGI: unknown script '${current.env.script}'`, 1);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
