import { randomUUID } from 'node:crypto';
import { AmiBlockHeaders, amiTimestamp, formatAmiBlock, headerValue, parseAmiTimestamp } from '@app/pbx-simulator';
import { CallScenario, scenarioStartMs } from './call-scenario';
import { ChannelIdSequence } from './channel-id-sequence';
import { escapeRegExp } from './escape-reg-exp';
import { formatAsteriskDateTime, parseAsteriskDateTime, ScenarioClock } from './scenario-clock';

/** One event of a play, ready to send `offsetMs` after the play started. */
export interface ScheduledAmiEvent {
  readonly offsetMs: number;
  /** the block's headers, as sent */
  readonly headers: AmiBlockHeaders;
  /** the block's bytes, blank line included */
  readonly text: string;
}

export interface CallPlay {
  readonly scenario: string;
  /** the play's linkedid(s), fresh */
  readonly linkedids: readonly string[];
  readonly events: readonly ScheduledAmiEvent[];
}

export interface CallPlayOptions {
  readonly startMs: number;
  /** 1 = recorded pace; 20 = twenty times faster (timestamps follow the wall clock) */
  readonly speed: number;
  readonly channelIds: ChannelIdSequence;
  /** recorded channel id -> the id it must get instead of a fresh one (an Originate's ChannelId) */
  readonly pinnedIds?: ReadonlyMap<string, string>;
}

const CHANNEL_ID = /^\d+\.\d+$/;
const DATE_TIME_HEADERS = new Set(['eventtime', 'starttime', 'answertime', 'endtime']);

/**
 * The scenario as a fresh call happening now: every Uniqueid/Linkedid-like id (headers ending in `uniqueid` or
 * `linkedid`, and the same ids inside other values such as MIXMONITOR_FILENAME or RecordingFile) and every
 * bridge UUID replaced by a new one, Timestamp/EventTime/Cdr times moved to now, events paced by their recorded
 * Timestamps divided by `speed`.
 */
export function planCallPlay(scenario: CallScenario, options: CallPlayOptions): CallPlay {
  const clock = new ScenarioClock(scenarioStartMs(scenario), options.startMs, options.speed);
  const ids = freshIds(scenario, clock, options.channelIds, options.pinnedIds ?? new Map());
  const replaceIds = idReplacer(ids);
  let offsetMs = 0;
  const events = scenario.events.map((event): ScheduledAmiEvent => {
    const recordedAt = parseAmiTimestamp(headerValue(event, 'Timestamp') ?? '');
    if (recordedAt !== undefined) offsetMs = Math.max(offsetMs, clock.offsetMs(recordedAt));
    const headers = event.map(([name, value]) => [name, rewriteValue(name, value, clock, replaceIds)] as const);
    return { offsetMs, headers, text: formatAmiBlock(headers) };
  });
  const linkedids = [...new Set(scenario.events.map((e) => headerValue(e, 'Linkedid')).filter(isChannelId))];
  return { scenario: scenario.name, linkedids: linkedids.map((id) => ids.get(id) ?? id), events };
}

function rewriteValue(name: string, value: string, clock: ScenarioClock, replaceIds: (v: string) => string): string {
  const lower = name.toLowerCase();
  if (lower === 'timestamp') {
    const at = parseAmiTimestamp(value);
    return at === undefined ? value : amiTimestamp(clock.at(at));
  }
  if (DATE_TIME_HEADERS.has(lower)) {
    const at = parseAsteriskDateTime(value);
    return at === undefined ? value : formatAsteriskDateTime(clock.at(at));
  }
  return replaceIds(value);
}

/**
 * old id -> fresh id: channel ids in their recorded order (so linkedid = first uniqueid stays true), bridges as
 * UUIDs; pinned ids as given.
 */
function freshIds(
  scenario: CallScenario,
  clock: ScenarioClock,
  channelIds: ChannelIdSequence,
  pinnedIds: ReadonlyMap<string, string>,
): Map<string, string> {
  const channels = new Set<string>();
  const bridges = new Set<string>();
  for (const event of scenario.events) {
    for (const [name, value] of event) {
      if (!/(uniqueid|linkedid)$/i.test(name) || value === '') continue;
      if (CHANNEL_ID.test(value)) channels.add(value);
      else bridges.add(value);
    }
  }
  const ids = new Map<string, string>(pinnedIds);
  for (const id of [...channels].sort(compareChannelIds)) {
    if (!ids.has(id)) ids.set(id, channelIds.next(clock.at(Number(id.split('.')[0]) * 1000)));
  }
  for (const id of bridges) ids.set(id, randomUUID());
  return ids;
}

function idReplacer(ids: ReadonlyMap<string, string>): (value: string) => string {
  if (ids.size === 0) return (value) => value;
  const alternatives = [...ids.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(`(?<![\\w.])(?:${alternatives.join('|')})(?![\\w-]|\\.\\d)`, 'g');
  return (value) => value.replace(pattern, (old) => ids.get(old) ?? old);
}

function compareChannelIds(a: string, b: string): number {
  const [as, aq] = a.split('.').map(Number);
  const [bs, bq] = b.split('.').map(Number);
  return as - bs || aq - bq;
}

function isChannelId(value: string | undefined): value is string {
  return value !== undefined && CHANNEL_ID.test(value);
}
