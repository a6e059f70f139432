import { AmiMessage } from './ami-message';
import { AmiProtocolError } from './ami-protocol.exception';

/** `reconnecting`: waiting for the backoff delay before the next connection attempt */
export type AmiClientState = 'idle' | 'connecting' | 'authenticating' | 'connected' | 'reconnecting' | 'stopped';

/** Listener arguments per event of AmiClient. */
export type AmiClientEvents = {
  /** a live event; `receivedAtMs` = Date.now() when its TCP chunk arrived. List items are not emitted. */
  event: [message: AmiMessage, receivedAtMs: number];
  /** logged in; the banner, e.g. `Asterisk Call Manager/11.0.0` */
  connected: [banner: string];
  /** a logged-in connection ended (also on stop()) */
  disconnected: [reason: string];
  /** a frame the parser skipped; the connection goes on */
  protocolError: [error: AmiProtocolError];
  /** Asterisk refused the login (its `Message:`); the client retries with backoff */
  loginFailed: [message: string];
  /** a reconnect is scheduled: attempt number since the last successful login, and its delay */
  reconnecting: [attempt: number, delayMs: number];
};
