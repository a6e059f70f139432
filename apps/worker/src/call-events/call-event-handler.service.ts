import { Injectable, Logger } from '@nestjs/common';
import type { CallEvent } from '@app/calls';
import { AppConfig } from '@app/config';
import { buildEventPayload, buildRecordPayload, type WebhookPayloadV1 } from '@app/elma365';
import { CallRecordRepository, DeliveryRepository } from '@app/persistence';
import { type CallEventJob, DeliveryTarget, Elma365DeliveryProducer } from '@app/queue';

/**
 * One tracker event in the worker: a finished call is stored first (ELMA365 being down never costs history),
 * then whatever ELMA365 should see is written to the delivery ledger and scheduled.
 */
@Injectable()
export class CallEventHandlerService {
  private readonly logger = new Logger('CallEvents');

  constructor(
    private readonly config: AppConfig,
    private readonly calls: CallRecordRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly producer: Elma365DeliveryProducer,
  ) {}

  async handle({ pbxId, event }: CallEventJob): Promise<void> {
    if (event.type === 'call.finished') {
      await this.calls.upsert(event.record);
      this.logger.log(`[${event.callId}] stored: ${event.record.direction} ${event.record.disposition}`);
    }
    if (this.config.elma365 === null) return;
    const payload = this.payloadOf(pbxId, event);
    if (payload === null) return;
    const kind = payload.kind === 'record' ? 'record' : 'live';
    await this.deliveries.ensurePending({
      callId: event.callId,
      target: DeliveryTarget.Elma365Webhook,
      kind,
      eventKey: payload.id,
      seq: event.seq,
      payload,
    });
    await this.producer.enqueue({
      eventKey: payload.id,
      callId: event.callId,
      kind,
      target: DeliveryTarget.Elma365Webhook,
    });
  }

  private payloadOf(pbxId: string, event: CallEvent): WebhookPayloadV1 | null {
    return event.type === 'call.finished' ? buildRecordPayload(event.record) : buildEventPayload(pbxId, event);
  }
}
