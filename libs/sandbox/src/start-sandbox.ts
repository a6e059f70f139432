import { randomBytes } from 'node:crypto';
import {
  AmiBlockHeaders,
  KIT_EVENTS_WRITE_CLASSES,
  KIT_ORIGINATE_WRITE_CLASSES,
  recordedTracesDir,
  TracesDirectoryError,
} from '@app/pbx-simulator';
import { CallPlay } from './call-play';
import { Elma365StandIn } from './elma365-stand-in';
import { SimulatedAsterisk } from './simulated-asterisk';

export interface SandboxOptions {
  /** the recorded traces (default `<repo>/fixtures/ami-traces`) */
  readonly tracesDir?: string;
  /** simulated Asterisk AMI port on 127.0.0.1 (default 0: chosen by the OS) */
  readonly amiPort?: number;
  /** ELMA365 stand-in HTTP port on 127.0.0.1 (default 0: chosen by the OS) */
  readonly elmaPort?: number;
  /** calls play this many times faster than recorded (default 1) */
  readonly speed?: number;
  /** pause between two calls (default 5000 ms) */
  readonly pauseMs?: number;
  /** trace number prefixes to play in turn (default CALL_SCENARIOS) */
  readonly scenarios?: readonly string[];
  /** the recorded burst of 20 concurrent calls plays after every this many calls; 0 = never (default 5) */
  readonly burstEvery?: number;
  /** told when each simulated call starts (loop, burst, click-to-call) */
  readonly onPlay?: (play: CallPlay) => void;
  /** told of every `Event: Cdr` the simulated Asterisk streams */
  readonly onCdr?: (headers: AmiBlockHeaders) => void;
}

export interface Sandbox {
  /** `ami://sandbox:<secret>@127.0.0.1:<port>/sandbox`, for AMI_URL */
  readonly amiUrl: string;
  /** the click-to-call user's, for AMI_ORIGINATE_URL: two users, as the kit's manager.conf has */
  readonly amiOriginateUrl: string;
  /** for ELMA365_WEBHOOK_URL */
  readonly webhookUrl: string;
  /** for ELMA365_WEBHOOK_TOKEN */
  readonly webhookToken: string;
  /** the stand-in's page: what ELMA365 received */
  readonly pageUrl: string;
  readonly asterisk: SimulatedAsterisk;
  readonly elma365: Elma365StandIn;
  close(): Promise<void>;
}

export const SANDBOX_PBX_ID = 'sandbox';
const SANDBOX_AMI_USER = 'sandbox';
const SANDBOX_ORIGINATE_USER = 'sandbox-originate';

/**
 * Starts the first-run sandbox: a simulated Asterisk playing the recorded calls and an ELMA365 stand-in, both on
 * 127.0.0.1 with fresh random credentials. Fails with a clear message when the traces directory is missing.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const tracesDir = options.tracesDir ?? recordedTracesDir();
  const secret = randomBytes(12).toString('hex');
  const originateSecret = randomBytes(12).toString('hex');
  const webhookToken = randomBytes(24).toString('hex');
  const asterisk = await SimulatedAsterisk.start({
    tracesDir,
    port: options.amiPort ?? 0,
    users: [
      { username: SANDBOX_AMI_USER, secret, writeClasses: KIT_EVENTS_WRITE_CLASSES },
      { username: SANDBOX_ORIGINATE_USER, secret: originateSecret, writeClasses: KIT_ORIGINATE_WRITE_CLASSES },
    ],
    scenarios: options.scenarios,
    speed: options.speed,
    pauseMs: options.pauseMs,
    burstEvery: options.burstEvery,
    onPlay: options.onPlay,
    onCdr: options.onCdr,
  }).catch((error: unknown) => {
    throw error instanceof TracesDirectoryError ? withSandboxHint(error) : error;
  });
  let elma365: Elma365StandIn;
  try {
    elma365 = await Elma365StandIn.start({ port: options.elmaPort ?? 0, token: webhookToken });
  } catch (error) {
    await asterisk.close();
    throw error;
  }
  return {
    amiUrl: `ami://${SANDBOX_AMI_USER}:${secret}@127.0.0.1:${asterisk.port}/${SANDBOX_PBX_ID}`,
    amiOriginateUrl: `ami://${SANDBOX_ORIGINATE_USER}:${originateSecret}@127.0.0.1:${asterisk.port}/${SANDBOX_PBX_ID}`,
    webhookUrl: elma365.webhookUrl,
    webhookToken,
    pageUrl: `${elma365.baseUrl}/`,
    asterisk,
    elma365,
    close: async () => {
      await Promise.all([asterisk.close(), elma365.close()]);
    },
  };
}

/** The sandbox's traces can be elsewhere: the message says how. */
function withSandboxHint(error: TracesDirectoryError): TracesDirectoryError {
  return new TracesDirectoryError(`sandbox: ${error.message}, or set SANDBOX_TRACES_DIR`);
}
