import { ReceivedWebhook } from './received-webhooks';
import { standInCards } from './stand-in-cards';

const CALL = 'sandbox:1800000000.1';

function card(n: number, extension: string, event: string, disposition?: string): ReceivedWebhook {
  return {
    receivedAt: `2026-01-01T00:00:0${n}.000Z`,
    id: `${CALL}#${n}`,
    signature: 'valid',
    payload: {
      kind: 'event',
      callId: CALL,
      card: extension,
      event: {
        event,
        direction: 'in',
        srcPhone: '+79161234567',
        dstPhone: extension,
        ...(disposition ? { disposition } : {}),
        at: `t${n}`,
      },
    },
  };
}

describe('standInCards', () => {
  it('groups a blind transfer as ELMA365 does: one card per (call, extension), the target its own', () => {
    const sut = standInCards([
      card(1, '1001', 'NotifyStart'),
      card(2, '1001', 'NotifyAnswer'),
      card(3, '1001', 'NotifyEnd', 'Answered'),
      card(4, '1002', 'NotifyStart'),
      card(5, '1002', 'NotifyAnswer'),
      card(6, '1002', 'NotifyEnd', 'Answered'),
    ]);

    expect(sut.map((c) => [c.extension, c.startedAt, c.answeredAt, c.endedAt, c.disposition, c.breach])).toEqual([
      ['1001', 't1', 't2', 't3', 'Answered', ''],
      ['1002', 't4', 't5', 't6', 'Answered', ''],
    ]);
    expect(sut[0]).toMatchObject({ callId: CALL, direction: 'in', client: '+79161234567' });
  });

  it('opens a new card when the same extension rings again after its card closed', () => {
    const sut = standInCards([
      card(1, '1001', 'NotifyStart'),
      card(2, '1001', 'NotifyEnd', 'NoAnswer'),
      card(3, '1001', 'NotifyStart'),
    ]);

    expect(sut.map((c) => [c.extension, c.disposition, c.endedAt])).toEqual([
      ['1001', 'NoAnswer', 't2'],
      ['1001', '', ''],
    ]);
  });

  it('shows what broke the rule: a close twice, a close of an unopened card, Cancel on an answered one', () => {
    const sut = standInCards([
      card(1, '1001', 'NotifyStart'),
      card(2, '1001', 'NotifyAnswer'),
      card(3, '1001', 'NotifyEnd', 'Cancel'),
      card(4, '1001', 'NotifyEnd', 'Answered'),
    ]);

    expect(sut.map((c) => c.breach)).toEqual([
      'closed Cancel',
      'NotifyEnd for a card not opened here; closed Answered',
    ]);
  });
});
