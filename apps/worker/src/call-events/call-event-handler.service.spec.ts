import { Logger } from '@nestjs/common';
import { type CallRecord, RECOVERED_CALL_SEQ } from '@app/calls';
import { loadConfig } from '@app/config';
import { DeliveryMetrics } from '@app/ops';
import { recoveredCallEvent } from '@app/gapfill';
import type { DeliveryLedger } from '@app/deliveries';
import type { CallRecordRepository } from '@app/persistence';
import type { DeliveryTurns } from '../elma365-delivery/delivery-turns.service';
import { CallEventHandlerService } from './call-event-handler.service';

const record: CallRecord = {
  callId: 'office:1700000000.1',
  pbxId: 'office',
  linkedid: '1700000000.1',
  direction: 'in',
  from: '+79161234567',
  to: '+74951234567',
  answeredBy: null,
  disposition: 'no_answer',
  startedAt: '2026-11-26T10:00:00.000Z',
  answeredAt: null,
  endedAt: '2026-11-26T10:00:10.000Z',
  waitSeconds: null,
  talkSeconds: null,
  extensions: ['1001'],
  transfers: [],
  queue: null,
  recording: null,
  hangupCause: null,
  legs: [],
};

describe(CallEventHandlerService.name, () => {
  const config = loadConfig({
    ELMA365_WEBHOOK_URL: 'https://elma.example/webhook',
    ELMA365_WEBHOOK_TOKEN: 'token-123456',
  });
  let stored: CallRecord | null;
  let calls: { upsertMany: jest.Mock; findByCallId: jest.Mock };
  let deliveries: { ensurePendingWithTurn: jest.Mock };
  let turns: { next: jest.Mock };
  let metrics: DeliveryMetrics;
  let sut: CallEventHandlerService;

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    stored = null;
    calls = { upsertMany: jest.fn(async () => undefined), findByCallId: jest.fn(async () => stored) };
    deliveries = { ensurePendingWithTurn: jest.fn(async () => undefined) };
    turns = { next: jest.fn(async () => undefined) };
    metrics = new DeliveryMetrics();
    sut = new CallEventHandlerService(
      config,
      calls as unknown as CallRecordRepository,
      deliveries as unknown as DeliveryLedger,
      turns as unknown as DeliveryTurns,
      metrics,
    );
  });

  it('stores a recovered call nobody stored and schedules its record, after anything else of the call', async () => {
    await sut.handle({ pbxId: 'office', event: recoveredCallEvent(record) });

    expect(calls.upsertMany).toHaveBeenCalledWith([record]);
    expect(deliveries.ensurePendingWithTurn).toHaveBeenCalledWith(
      expect.objectContaining({ eventKey: 'office:1700000000.1#record', kind: 'record', seq: RECOVERED_CALL_SEQ }),
    );
    expect(turns.next).toHaveBeenCalledWith('office:1700000000.1', 'elma365-webhook', false, undefined);
    expect(await storedCount(metrics)).toEqual([
      { pbx: 'office', direction: 'in', disposition: 'no_answer', source: 'cdr', value: 1 },
    ]);
  });

  it('drops a recovered call that is already stored: no upsert, no ledger row, no delivery', async () => {
    stored = { ...record, hangupCause: 16 };

    await sut.handle({ pbxId: 'office', event: recoveredCallEvent(record) });

    expect(calls.findByCallId).toHaveBeenCalledWith('office:1700000000.1');
    expect(calls.upsertMany).not.toHaveBeenCalled();
    expect(deliveries.ensurePendingWithTurn).not.toHaveBeenCalled();
    expect(turns.next).not.toHaveBeenCalled();
    expect(await storedCount(metrics)).toEqual([]);
  });

  it('keeps a stored record when a replica that joined mid-call finishes the call too, and schedules no new record', async () => {
    stored = { ...record, answeredBy: '1001', disposition: 'answered' };
    const resumed = { type: 'call.finished' as const, callId: record.callId, seq: 7_000, at: record.endedAt, record };

    await sut.handle({ pbxId: 'office', event: { ...resumed, resumed: true } });

    expect(calls.upsertMany).not.toHaveBeenCalled();
    expect(deliveries.ensurePendingWithTurn).toHaveBeenCalledWith(
      expect.objectContaining({ eventKey: 'office:1700000000.1#record', kind: 'record' }),
    );

    stored = null;
    await sut.handle({ pbxId: 'office', event: { ...resumed, resumed: true } });
    expect(calls.upsertMany).toHaveBeenCalledWith([record]);
  });

  it("writes a live card event with the extension whose card it opens, then takes the call's turn", async () => {
    await sut.handle({
      pbxId: 'office',
      event: {
        type: 'call.ringing',
        callId: record.callId,
        seq: 3,
        at: record.startedAt,
        direction: 'in',
        from: record.from,
        to: record.to,
        role: 'callee',
        extension: '1001',
      },
    });

    expect(deliveries.ensurePendingWithTurn).toHaveBeenCalledWith(
      expect.objectContaining({ eventKey: 'office:1700000000.1#3', kind: 'live', seq: 3, card: '1001' }),
    );
    expect(turns.next).toHaveBeenCalledWith('office:1700000000.1', 'elma365-webhook', false, undefined);
    expect(deliveries.ensurePendingWithTurn.mock.invocationCallOrder[0]).toBeLessThan(
      turns.next.mock.invocationCallOrder[0],
    );
  });

  it("still replaces a stored call with the tracker's own record (a live call.finished is not a recovered one)", async () => {
    stored = record;

    await sut.handle({
      pbxId: 'office',
      event: { type: 'call.finished', callId: record.callId, at: record.endedAt, seq: 9, record },
    });

    expect(calls.upsertMany).toHaveBeenCalledWith([record]);
    expect(calls.findByCallId).not.toHaveBeenCalled();
  });
});

/** The calls-stored counter's series, as label sets with their values. */
async function storedCount(metrics: DeliveryMetrics): Promise<Record<string, string | number>[]> {
  const { values } = await metrics.callsStored.get();
  return values.map((v) => ({ ...v.labels, value: v.value }));
}
