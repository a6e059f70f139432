import { normalizePhoneNumber, numberFromDialString } from './phone-number';

describe('normalizePhoneNumber', () => {
  it.each([
    ['89161234567', '+79161234567'],
    ['79161234567', '+79161234567'],
    ['+7 (916) 123-45-67', '+79161234567'],
    ['0079161234567', '+79161234567'],
    ['84951234567', '+74951234567'],
    ['112', '112'],
    ['anonymous', 'anonymous'],
  ])('%s -> %s', (raw, e164) => {
    expect(normalizePhoneNumber(raw, 'RU')).toBe(e164);
  });
});

describe('numberFromDialString', () => {
  it.each([
    ['89161234567@mts-trunk', '89161234567'],
    ['mts/89161234567', '89161234567'],
    ['mts-trunk/sip:+79161234567@10.0.0.1:5060', '+79161234567'],
    ['1001', '1001'],
    ['trunk', undefined],
  ])('%s -> %s', (dial, number) => {
    expect(numberFromDialString(dial)).toBe(number);
  });
});
