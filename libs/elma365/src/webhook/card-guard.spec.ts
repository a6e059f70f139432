import { type CardLedgerRow, cardVerdict as sut } from './card-guard';

const row = (seq: number, event: string, status = 'pending'): CardLedgerRow => ({ seq, event, status });

describe('cardVerdict', () => {
  it('sends a card in order: start, answer, end', () => {
    expect(sut([row(1, 'NotifyStart'), row(3, 'NotifyAnswer'), row(5, 'NotifyEnd')], 1, false)).toEqual({ send: true });
    expect(sut([row(1, 'NotifyStart', 'delivered'), row(3, 'NotifyAnswer'), row(5, 'NotifyEnd')], 3, false)).toEqual({
      send: true,
    });
    const rows = [row(1, 'NotifyStart', 'delivered'), row(3, 'NotifyAnswer', 'delivered'), row(5, 'NotifyEnd')];
    expect(sut(rows, 5, false)).toEqual({ send: true });
  });

  it('closes an opened card even after the call record went out (a NotifyEnd held up by a crash)', () => {
    expect(sut([row(1, 'NotifyStart', 'delivered'), row(4, 'NotifyEnd')], 4, true)).toEqual({ send: true });
  });

  it('opens and answers nothing once the record went out', () => {
    expect(sut([row(1, 'NotifyStart'), row(4, 'NotifyEnd')], 1, true)).toMatchObject({ send: false });
    expect(sut([row(1, 'NotifyStart', 'delivered'), row(2, 'NotifyAnswer')], 2, true)).toMatchObject({ send: false });
  });

  it('touches no card that was never opened: its NotifyStart arrives late, skipped, dropped or dead', () => {
    expect(sut([row(3, 'NotifyAnswer'), row(5, 'NotifyEnd')], 3, false)).toEqual({
      send: false,
      reason: 'card: never opened',
    });
    for (const status of ['pending', 'skipped', 'dead'])
      expect(sut([row(1, 'NotifyStart', status), row(5, 'NotifyEnd')], 5, false)).toMatchObject({ send: false });
  });

  it('does not open a card whose later events were settled before its NotifyStart arrived', () => {
    const rows = [row(1, 'NotifyStart'), row(3, 'NotifyAnswer', 'skipped'), row(5, 'NotifyEnd', 'skipped')];
    expect(sut(rows, 1, false)).toEqual({ send: false, reason: 'card: its later events were settled' });
  });

  it('sends no answer and no second end on a closed card', () => {
    const rows = [row(1, 'NotifyStart', 'delivered'), row(5, 'NotifyEnd', 'delivered'), row(6, 'NotifyAnswer')];
    expect(sut(rows, 6, false)).toEqual({ send: false, reason: 'card: already closed' });
    const twice = [row(1, 'NotifyStart', 'delivered'), row(4, 'NotifyEnd', 'delivered'), row(6, 'NotifyEnd')];
    expect(sut(twice, 6, false)).toEqual({ send: false, reason: 'card: already closed' });
  });

  it('treats the same extension reopened after a transfer as a new card', () => {
    const rows = [
      row(1, 'NotifyStart', 'delivered'),
      row(2, 'NotifyEnd', 'delivered'),
      row(6, 'NotifyStart', 'delivered'),
      row(7, 'NotifyAnswer'),
      row(9, 'NotifyEnd'),
    ];
    expect(sut(rows, 7, false)).toEqual({ send: true });
    expect(sut(rows, 9, false)).toEqual({ send: true });
  });

  it('keeps an answer of a reopened card off the first card when the second NotifyStart is not in yet', () => {
    const rows = [row(1, 'NotifyStart', 'delivered'), row(2, 'NotifyEnd', 'delivered'), row(7, 'NotifyAnswer')];
    expect(sut(rows, 7, false)).toEqual({ send: false, reason: 'card: already closed' });
  });

  it('refuses a row it was not given', () => {
    expect(sut([row(1, 'NotifyStart')], 2, false)).toMatchObject({ send: false });
  });
});
