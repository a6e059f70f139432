import { AmiBlockHeaders, headerValue } from '@app/pbx-simulator';

/** The parts of an `Action: Originate` the simulated PBX acts on. */
export interface OriginateRequest {
  /** '' when the action has none */
  readonly actionId: string;
  /** the dial string, e.g. `PJSIP/1001`; '' when the action has none */
  readonly channel: string;
  readonly context?: string;
  readonly exten?: string;
  readonly callerIdName?: string;
  readonly callerIdNumber?: string;
  /** becomes the Uniqueid of the originated channel, hence the call's Linkedid */
  readonly channelId?: string;
  readonly async: boolean;
}

export function parseOriginate(action: AmiBlockHeaders): OriginateRequest {
  const value = (name: string): string | undefined => headerValue(action, name)?.trim() || undefined;
  const callerId = parseCallerId(value('CallerID') ?? '');
  return {
    actionId: headerValue(action, 'ActionID') ?? '',
    channel: value('Channel') ?? '',
    context: value('Context'),
    exten: value('Exten'),
    callerIdName: callerId.name,
    callerIdNumber: callerId.number,
    channelId: value('ChannelId'),
    async: isAsteriskTrue(value('Async')),
  };
}

/** `"Name" <number>`, `Name <number>` or a bare number, as Asterisk reads a CallerID. */
export function parseCallerId(text: string): { name?: string; number?: string } {
  const angled = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<]*?))\s*<([^>]*)>\s*$/.exec(text);
  if (angled) {
    const name = (angled[1]?.replace(/\\(.)/g, '$1') ?? angled[2]).trim();
    return { name: name || undefined, number: angled[3].trim() || undefined };
  }
  const bare = text.trim();
  if (bare === '') return {};
  return /^[+\d*#]+$/.test(bare) ? { number: bare } : { name: bare };
}

/** Asterisk's ast_true: yes, true, y, t, 1, on. */
function isAsteriskTrue(value: string | undefined): boolean {
  return value !== undefined && /^(yes|true|y|t|1|on)$/i.test(value);
}
