import { type AmiActionRef, formatAmiResponse } from './ami-action-block';
import type { AmiLogin, AmiSession, AmiSessionHandler } from './ami-session';
import { amiTimestamp } from './ami-wire';
import { listCommandsHeaders } from './manager-actions';

/** The first line Asterisk writes to a new AMI client. */
export const AMI_BANNER = 'Asterisk Call Manager/11.0.0';

/** Asterisk's answer to an accepted Login. */
export function loginAcceptedAnswer(to: AmiActionRef): string {
  return formatAmiResponse(to, 'Success', [['Message', 'Authentication accepted']]);
}

/** Asterisk's answer to a Login: accepted, or refused and closed. */
export function answerLogin(login: AmiLogin, session: AmiSession): void {
  if (login.user === undefined) return refuseLogin(login, session);
  session.admit(login.user, login.action);
  session.send(loginAcceptedAnswer(login.action));
}

export function refuseLogin(login: AmiLogin, session: AmiSession): void {
  session.respond(login.action, 'Error', [['Message', 'Authentication failed']]);
  session.end();
}

export const answerPing: AmiSessionHandler = (action, session) =>
  session.respond(action, 'Success', [
    ['Ping', 'Pong'],
    ['Timestamp', amiTimestamp()],
  ]);

export const answerLogoff: AmiSessionHandler = (action, session) => {
  session.respond(action, 'Goodbye', [['Message', 'Thanks for all the fish.']]);
  session.end();
};

/** What the session's user may send (see {@link listCommandsHeaders}). */
export const answerListCommands: AmiSessionHandler = (action, session) =>
  session.respond(action, 'Success', listCommandsHeaders(session.user?.writeClasses ?? []));

/** The actions every Asterisk answers the same way; a server may answer them otherwise. */
export const STANDARD_ANSWERS: Readonly<Record<string, AmiSessionHandler>> = {
  ping: answerPing,
  logoff: answerLogoff,
  listcommands: answerListCommands,
};
