import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

import type { DeliveryKind, DeliveryStatus, DeliveryTarget } from '@app/deliveries';

/** One thing (a live event or the finished record) to deliver to one target, and how that went. */
@Entity({ name: 'deliveries' })
@Unique('deliveries_event_key_target_key', ['eventKey', 'target'])
@Index('deliveries_call_id_target_seq_idx', ['callId', 'target', 'seq'])
@Index('deliveries_status_idx', ['status'])
@Index('deliveries_pending_call_target_seq_idx', ['callId', 'target', 'seq'], { where: `status = 'pending'` })
export class DeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** `<pbxId>:<linkedid>`; no foreign key: live events are delivered before the call's row exists. */
  @Column({ name: 'call_id', type: 'text' })
  callId!: string;

  /** e.g. `elma365-webhook` */
  @Column({ type: 'text' })
  target!: DeliveryTarget;

  @Column({ type: 'text' })
  kind!: DeliveryKind;

  /** Deterministic id of what is delivered: the same event always gets the same key. */
  @Column({ name: 'event_key', type: 'text' })
  eventKey!: string;

  /** Order within the call. */
  @Column({ type: 'int' })
  seq!: number;

  @Column({ type: 'jsonb' })
  payload!: object;

  /** The extension whose card a live webhook event opens, answers or closes (a card is call + extension); else null. */
  @Column({ type: 'text', nullable: true })
  card!: string | null;

  /** When a send was first begun: from then on the card is committed (never dropped as stale). */
  @Column({ name: 'attempt_started_at', type: 'timestamptz', nullable: true })
  attemptStartedAt!: Date | null;

  @Column({ type: 'text', default: 'pending' })
  status!: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'last_status_code', type: 'int', nullable: true })
  lastStatusCode!: number | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
