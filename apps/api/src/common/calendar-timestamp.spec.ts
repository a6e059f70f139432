import { isCalendarTimestamp as sut } from './calendar-timestamp';

describe('isCalendarTimestamp', () => {
  it.each([
    '2026-05-01',
    '2026-05-01T00:00',
    '2026-05-01T00:00:00+03:00',
    '2026-05-01T23:59:59.123456Z',
    '2024-02-29T10:00:00Z',
    '0001-01-01T00:00:00.000000Z',
  ])('takes %s', (text) => {
    expect(sut(text)).toBe(true);
  });

  it.each([
    '2024-02-31T00:00:00.000000Z',
    '2023-02-29',
    '0000-01-01T00:00:00.000000Z',
    '2024-W01-1',
    '2024-123',
    '2024-13-01',
    '2024-01-01T24:00:00Z',
    '2024-01-01T10:60Z',
    '2024-01-01T10:00:00+15:00',
    '20240101',
    '',
    42,
  ])('refuses %s', (text) => {
    expect(sut(text)).toBe(false);
  });
});
