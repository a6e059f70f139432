import { AddressInfo, createServer, Server } from 'node:net';
import { AmiConnection, AmiCredentials } from './ami-connection';
import { CallLoop, CallLoopOptions } from './call-loop';
import { CallPlay } from './call-play';
import { loadCallScenario } from './call-scenario';
import { CALL_SCENARIOS } from './call-scenarios';

export interface SimulatedAsteriskOptions {
  /** directory of the recorded traces (`NN-slug.ami`) */
  readonly tracesDir: string;
  /** 0 = chosen by the OS */
  readonly port: number;
  readonly credentials: AmiCredentials;
  /** trace number prefixes to play in turn (default: CALL_SCENARIOS) */
  readonly scenarios?: readonly string[];
  /** 1 = recorded pace (default 1) */
  readonly speed?: number;
  /** pause between calls (default 5000 ms) */
  readonly pauseMs?: number;
  readonly onPlay?: (play: CallPlay) => void;
}

/**
 * A simulated Asterisk AMI on 127.0.0.1: accepts the configured login, answers the actions the connector sends
 * and streams realistic calls (the recorded lab traces with fresh ids and current times) to every logged-in
 * client, one call after the other, from the first login on, forever. Originate is acknowledged but no call is simulated for it.
 */
export class SimulatedAsterisk {
  private readonly loop: CallLoop;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    /** the server's live connection set: clients connecting later are in it too */
    private readonly connections: ReadonlySet<AmiConnection>,
    loop: Omit<CallLoopOptions, 'broadcast'>,
  ) {
    this.loop = new CallLoop({ ...loop, broadcast: (text) => this.broadcast(text) });
  }

  /** Loads the scenarios (fails with a clear message when the traces are missing), listens and starts the calls. */
  static async start(options: SimulatedAsteriskOptions): Promise<SimulatedAsterisk> {
    const scenarios = (options.scenarios ?? CALL_SCENARIOS).map((prefix) =>
      loadCallScenario(options.tracesDir, prefix),
    );
    const connections = new Set<AmiConnection>();
    const loginListeners: (() => void)[] = [];
    const server = createServer((socket) => {
      const connection = new AmiConnection(socket, options.credentials, () => loginListeners.forEach((l) => l()));
      connections.add(connection);
      socket.on('close', () => connections.delete(connection));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    const sut = new SimulatedAsterisk(server, port, connections, {
      scenarios,
      speed: options.speed ?? 1,
      pauseMs: options.pauseMs ?? 5000,
      onPlay: options.onPlay,
    });
    // the first call starts with the first login, so the connector sees it whole; then the loop never stops
    loginListeners.push(() => sut.loop.start());
    return sut;
  }

  get host(): string {
    return '127.0.0.1';
  }

  /** calls started so far */
  get played(): number {
    return this.loop.played;
  }

  async close(): Promise<void> {
    this.loop.stop();
    for (const connection of this.connections) connection.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private broadcast(text: string): void {
    for (const connection of this.connections) if (connection.listening) connection.write(text);
  }
}
