import type { AmiActionFields } from '@app/ami';
import type { ExtensionTechnology } from '../../../extensions/dto/extension.response';

export interface OriginateSpec {
  readonly actionId: string;
  readonly technology: ExtensionTechnology;
  readonly extension: string;
  readonly context: string;
  readonly exten: string;
  readonly ringTimeoutSeconds: number;
  /** shown on the operator's phone while it rings */
  readonly callerName: string;
  readonly callerNumber: string;
  /** becomes the Uniqueid of the operator's channel, hence the call's Linkedid */
  readonly channelId: string;
  readonly variables: Readonly<Record<string, string>>;
  /** `Name: value`; null: the phone rings normally */
  readonly autoAnswerHeader: string | null;
}

/** The async Originate: the operator's phone rings first, then `context`/`exten` dials the client. */
export function originateFields(spec: OriginateSpec): AmiActionFields {
  const variables = Object.entries(spec.variables).map(([name, value]) => `${name}=${escapeVariableValue(value)}`);
  if (spec.autoAnswerHeader !== null) variables.push(autoAnswerVariable(spec.technology, spec.autoAnswerHeader));
  return {
    Action: 'Originate',
    ActionID: spec.actionId,
    Channel: `${spec.technology}/${spec.extension}`,
    Context: spec.context,
    Exten: spec.exten,
    Priority: 1,
    Timeout: spec.ringTimeoutSeconds * 1000,
    CallerID: `"${spec.callerName}" <${spec.callerNumber}>`,
    Async: 'true',
    ChannelId: spec.channelId,
    Variable: variables.length > 0 ? variables : undefined,
  };
}

/**
 * Set on the operator's channel only (not inherited), so the client's INVITE never asks to auto-answer:
 * PJSIP through the PJSIP_HEADER function, chan_sip through its SIPADDHEADER variables.
 */
function autoAnswerVariable(technology: ExtensionTechnology, header: string): string {
  const colon = header.indexOf(':');
  const name = header.slice(0, colon).trim();
  const value = escapeVariableValue(header.slice(colon + 1).trim());
  return technology === 'PJSIP' ? `PJSIP_HEADER(add,${name})=${value}` : `SIPADDHEADER01=${name}: ${value}`;
}

/**
 * Asterisk splits a `Variable:` value at commas (`A=1,B=2`), honouring quotes, brackets and backslashes: an
 * unescaped comma in a value would set a second variable of the caller's choosing (or a dialplan function).
 */
export function escapeVariableValue(value: string): string {
  return value.replace(/[\\",()[\]]/g, '\\$&');
}
