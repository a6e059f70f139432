import { ValidateBy, type ValidationOptions } from 'class-validator';

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/;

/**
 * A calendar date, optionally with a time and offset, that PostgreSQL's timestamptz can hold. ISO-8601 allows more
 * than that (week dates `2024-W01-1`, ordinal dates, year 0000) and JavaScript's Date rolls Feb 31 over to March:
 * either reached the database and came back as a 500.
 */
export function isCalendarTimestamp(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  const m = TIMESTAMP.exec(text);
  if (!m) return false;
  const [year, month, day, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0] = m
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  if (year === undefined || month === undefined || day === undefined) return false;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  return hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 14 && offsetMinutes <= 59;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function IsCalendarTimestamp(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarTimestamp',
      validator: {
        validate: isCalendarTimestamp,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be a date or date-time such as 2026-05-01 or 2026-05-01T00:00:00+03:00 ` +
          '(a real calendar day, years 0001-9999)',
      },
    },
    options,
  );
}
