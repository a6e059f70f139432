import {
  AmiBlockHeaders,
  headerValue,
  loadTrace,
  parseAmiBlock,
  parseAmiTimestamp,
  traceAmiPath,
} from '@app/pbx-simulator';

/** One recorded call: its event blocks after the login response, up to the Logoff's Goodbye. */
export interface CallScenario {
  /** trace name, e.g. `01-inbound-answered` */
  readonly name: string;
  readonly events: readonly AmiBlockHeaders[];
}

/** Connection-level events every session starts with: sent once at login, not per call. */
const SESSION_EVENTS = new Set(['fullybooted', 'successfulauth']);

export function loadCallScenario(tracesDir: string, prefix: string): CallScenario {
  const trace = loadTrace(traceAmiPath(prefix, tracesDir));
  return { name: trace.name, events: callEvents(trace.bytes.toString('utf8')) };
}

/**
 * The events between the login response and the `Response: Goodbye`; responses to the recorder's own actions
 * (e.g. a transfer's Redirect) and the session events are left out.
 */
export function callEvents(transcript: string): AmiBlockHeaders[] {
  const blocks = transcript.split(/\r\n\r\n/).map(parseAmiBlock);
  const loginAt = blocks.findIndex((b) => /^Authentication accepted$/i.test(headerValue(b, 'Message') ?? ''));
  const goodbyeAt = blocks.findIndex((b) => headerValue(b, 'Response')?.toLowerCase() === 'goodbye');
  const body = blocks.slice(loginAt + 1, goodbyeAt === -1 ? blocks.length : goodbyeAt);
  return body.filter((b) => {
    const event = headerValue(b, 'Event');
    return event !== undefined && !SESSION_EVENTS.has(event.toLowerCase());
  });
}

/** The first `Timestamp:` of the scenario in ms: the recorded moment the call began. */
export function scenarioStartMs(scenario: CallScenario): number {
  for (const event of scenario.events) {
    const at = parseAmiTimestamp(headerValue(event, 'Timestamp') ?? '');
    if (at !== undefined) return at;
  }
  return 0;
}
