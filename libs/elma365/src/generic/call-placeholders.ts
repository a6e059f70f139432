/** What a `fieldMap` or `contactNameTemplate` template may name in `{braces}`. */
export const CALL_PLACEHOLDERS = [
  'callId',
  'pbxId',
  'direction',
  'from',
  'to',
  'phone',
  'answeredBy',
  'disposition',
  'startedAt',
  'endedAt',
  'waitSeconds',
  'talkSeconds',
  'queue',
  'recording',
] as const;

export type CallPlaceholder = (typeof CALL_PLACEHOLDERS)[number];

export type PlaceholderValue = string | number | null;

/**
 * The values an event knows. A missing key means "not known yet at this event" (the field is left for a later
 * event to write); `null` means "known to be empty".
 */
export type CallPlaceholderValues = Readonly<Partial<Record<CallPlaceholder, PlaceholderValue>>>;

export function isCallPlaceholder(name: string): name is CallPlaceholder {
  return (CALL_PLACEHOLDERS as readonly string[]).includes(name);
}
