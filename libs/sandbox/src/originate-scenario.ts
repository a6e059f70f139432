import { AmiBlockHeaders, amiTimestamp, headerValue } from '@app/pbx-simulator';
import { CallScenario } from './call-scenario';
import { escapeRegExp } from './escape-reg-exp';
import { LabPhone } from './lab-phones';
import { OriginateRequest } from './originate-request';

/** What the recorded click-to-call (trace 08) says about itself: the values an Originate of our own replaces. */
export interface RecordedClickToCall {
  readonly scenario: CallScenario;
  /** the originated phone's channel id: Asterisk gave it the Originate's ChannelId */
  readonly agentUniqueid: string;
  /** `1001` of `PJSIP/1001-00000013` */
  readonly agentExtension: string;
  readonly agentName: string;
  readonly actionId: string;
  readonly context: string;
  /** the Originate's Exten: the number the dialplan called */
  readonly dialled: string;
  readonly callerIdNumber: string;
  readonly callerIdName: string;
}

export class OriginateScenarioError extends Error {
  override readonly name = 'OriginateScenarioError';
}

/** Reads the recorded click-to-call: its first Newchannel is the originated phone, its OriginateResponse the rest. */
export function recordedClickToCall(scenario: CallScenario): RecordedClickToCall {
  const agent = scenario.events.find((e) => headerValue(e, 'Event') === 'Newchannel');
  const response = scenario.events.find((e) => headerValue(e, 'Event') === 'OriginateResponse');
  const extension = /^[^/]+\/(.+)-[0-9a-f]+$/.exec(headerValue(agent ?? [], 'Channel') ?? '')?.[1];
  if (!agent || !response || !extension) {
    throw new OriginateScenarioError(
      `sandbox: ${scenario.name} is no recorded click-to-call (no Newchannel of a phone or no OriginateResponse)`,
    );
  }
  return {
    scenario,
    agentUniqueid: headerValue(agent, 'Uniqueid') ?? '',
    agentExtension: extension,
    agentName: headerValue(agent, 'CallerIDName') ?? '',
    actionId: headerValue(response, 'ActionID') ?? '',
    context: headerValue(response, 'Context') ?? '',
    dialled: headerValue(response, 'Exten') ?? '',
    callerIdNumber: headerValue(response, 'CallerIDNum') ?? '',
    callerIdName: headerValue(response, 'CallerIDName') ?? '',
  };
}

export interface ClickToCallPlan {
  readonly scenario: CallScenario;
  /** recorded id -> the Originate's ChannelId, for planCallPlay */
  readonly pinnedIds: ReadonlyMap<string, string>;
}

/** Headers that carry a caller number: where the recorded number stands for the Originate's CallerID, not its Exten. */
const CALLER_NUMBER_HEADER = /(calleridnum|connectedlinenum|calleridani)$/i;

/**
 * The recorded click-to-call as the one this Originate asks for: the phone (channel names, extension, name),
 * the dialled number, the CallerID, the context and the ActionID replaced by the Originate's; the originated
 * channel's Uniqueid/Linkedid pinned to its ChannelId.
 */
export function clickToCallPlan(
  recorded: RecordedClickToCall,
  request: OriginateRequest,
  phone: LabPhone,
): ClickToCallPlan {
  const exten = request.exten ?? recorded.dialled;
  const callerNumber = request.callerIdNumber ?? exten;
  const replacements = new Map<string, (header: string) => string>([
    [recorded.agentExtension, () => phone.extension],
    [recorded.agentName, () => phone.name],
    [recorded.callerIdName, () => request.callerIdName ?? callerNumber],
    [recorded.dialled, () => exten],
    [recorded.callerIdNumber, (header) => (CALLER_NUMBER_HEADER.test(header) ? callerNumber : exten)],
  ]);
  if (recorded.callerIdNumber !== recorded.dialled) replacements.set(recorded.callerIdNumber, () => callerNumber);
  if (request.context) replacements.set(recorded.context, () => request.context ?? recorded.context);
  replacements.delete('');
  const replace = tokenReplacer(replacements);
  const events = recorded.scenario.events.map((event): AmiBlockHeaders => {
    const isResponse = headerValue(event, 'Event') === 'OriginateResponse';
    return event.flatMap(([name, value]): (readonly [string, string])[] => {
      if (isResponse && name.toLowerCase() === 'actionid') return request.actionId ? [[name, request.actionId]] : [];
      return [[replace(name, name), replace(value, name)]];
    });
  });
  const pinnedIds = new Map<string, string>();
  if (request.channelId) pinnedIds.set(recorded.agentUniqueid, request.channelId);
  return { scenario: { name: recorded.scenario.name, events }, pinnedIds };
}

/**
 * Asterisk's answer to an async Originate of a channel it cannot create (no such endpoint, unknown technology),
 * as recorded in trace 17: an `OriginateResponse` with `Response: Failure`, `Reason: 0`, `Uniqueid: <unknown>`.
 */
export function failedOriginateResponse(failureTrace: CallScenario): AmiBlockHeaders {
  const recorded = failureTrace.events.find(
    (e) => headerValue(e, 'Event') === 'OriginateResponse' && headerValue(e, 'Response') === 'Failure',
  );
  if (!recorded) throw new OriginateScenarioError(`sandbox: ${failureTrace.name} has no failed OriginateResponse`);
  return recorded;
}

/** The recorded failed OriginateResponse naming this Originate's ActionID, dial string, context and exten. */
export function originateFailureEvent(
  recorded: AmiBlockHeaders,
  request: OriginateRequest,
  nowMs: number,
): AmiBlockHeaders {
  const own: Record<string, string | undefined> = {
    timestamp: amiTimestamp(nowMs),
    actionid: request.actionId,
    channel: request.channel,
    context: request.context ?? '',
    exten: request.exten ?? '',
  };
  return recorded.flatMap(([name, value]): (readonly [string, string])[] => {
    const replacement = own[name.toLowerCase()];
    if (name.toLowerCase() === 'actionid' && !replacement) return [];
    return [[name, replacement ?? value]];
  });
}

/** Replaces whole tokens (not inside a longer word, number or id) in one pass, so replacements never cascade. */
function tokenReplacer(
  replacements: ReadonlyMap<string, (header: string) => string>,
): (text: string, header: string) => string {
  const tokens = [...replacements.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(`(?<![\\w.])(?:${tokens.join('|')})(?!\\w)`, 'g');
  return (text, header) => text.replace(pattern, (token) => replacements.get(token)?.(header) ?? token);
}
