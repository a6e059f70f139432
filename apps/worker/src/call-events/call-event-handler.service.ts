import { Injectable, Logger } from '@nestjs/common';
import { type CallEvent, type CallRecord, isRecoveredCall } from '@app/calls';
import { AppConfig } from '@app/config';
import { buildEventPayload, buildRecordPayload, recordPayloadId, type WebhookPayloadV1 } from '@app/elma365';
import { DeliveryLedger, type DeliveryKind, DeliveryTarget } from '@app/deliveries';
import { DeliveryMetrics } from '@app/ops';
import { CallRecordRepository, WriteBatcher } from '@app/persistence';
import { type CallEventJob, callEventKey } from '@app/queue';
import { DeliveryTurns } from '../elma365-delivery/delivery-turns.service';
import type { GenericDeliveryPayload } from '../elma365-delivery/senders/generic.sender';

/** The tracker events that can touch the generic-mode item (the rest would be empty work for the rate limit). */
const GENERIC_EVENTS: ReadonlySet<CallEvent['type']> = new Set(['call.ringing', 'call.answered', 'call.finished']);

/**
 * One tracker event in the worker: a finished call is stored first (ELMA365 being down never costs history),
 * then whatever each ELMA365 target should see is written to the delivery ledger and its call's turn taken (it is
 * queued when nothing earlier of its call is pending). A call recovered
 * from the CDR counts only when no record of it is stored: it comes through the same FIFO queue after the tracker's
 * events, so a call the connector saw live is never replaced by the CDR's poorer copy nor sent twice.
 */
@Injectable()
export class CallEventHandlerService {
  private readonly logger = new Logger('CallEvents');
  /** Finished calls of the jobs running side by side, stored together: one statement per round trip. */
  private readonly store: WriteBatcher<CallRecord>;

  constructor(
    private readonly config: AppConfig,
    private readonly calls: CallRecordRepository,
    private readonly ledger: DeliveryLedger,
    private readonly turns: DeliveryTurns,
    private readonly metrics: DeliveryMetrics,
  ) {
    this.store = new WriteBatcher((records) => calls.upsertMany(records));
  }

  async handle({ pbxId, event }: CallEventJob): Promise<void> {
    if (isRecoveredCall(event) && (await this.calls.findByCallId(event.callId)) !== null) {
      // The tracker (this or another ingest replica) had the call: its record stays, and was delivered already.
      this.logger.log(`[${event.callId}] recovered from CDR, already stored: skipped`);
      return;
    }
    if (event.type === 'call.finished' && event.resumed && (await this.calls.findByCallId(event.callId)) !== null) {
      // Another replica saw the call from its start: its record stays. The record's delivery id is the same.
      this.logger.log(`[${event.callId}] finished as resumed mid-call, a fuller record is stored: kept`);
    } else if (event.type === 'call.finished') {
      await this.store.add(event.record);
      const { direction, disposition } = event.record;
      const source = event.recoveredFrom ?? 'ami';
      this.metrics.callsStored.inc({ pbx: pbxId, direction, disposition, source });
      const how = event.recoveredFrom ? ' (recovered from CDR)' : '';
      this.logger.log(`[${event.callId}] stored${how}: ${event.record.direction} ${event.record.disposition}`);
    }
    if (this.config.elma365) {
      const payload = webhookPayloadOf(pbxId, event);
      const kind: DeliveryKind = event.type === 'call.finished' ? 'record' : 'live';
      const card = payload?.kind === 'event' ? payload.card : null;
      if (payload) await this.schedule(DeliveryTarget.Elma365Webhook, event, kind, payload.id, payload, card);
    }
    if (this.config.elma365Generic && GENERIC_EVENTS.has(event.type)) {
      const key = event.type === 'call.finished' ? recordPayloadId(event.record) : callEventKey(event);
      const payload: GenericDeliveryPayload = { pbxId, event };
      // Every generic delivery is durable: the ringing one may start the business process, which must not be lost.
      await this.schedule(DeliveryTarget.Elma365Generic, event, 'record', key, payload, null);
    }
  }

  private async schedule(
    target: DeliveryTarget,
    event: CallEvent,
    kind: DeliveryKind,
    eventKey: string,
    payload: object,
    card: string | null,
  ): Promise<void> {
    const { callId, seq } = event;
    const turn = await this.ledger.ensurePendingWithTurn({ callId, target, kind, eventKey, seq, payload, card });
    await this.turns.next(callId, target, false, turn);
  }
}

function webhookPayloadOf(pbxId: string, event: CallEvent): WebhookPayloadV1 | null {
  return event.type === 'call.finished' ? buildRecordPayload(event.record) : buildEventPayload(pbxId, event);
}
