import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

export type DeliveryKind = 'live' | 'record';
export type DeliveryStatus = 'pending' | 'delivered' | 'skipped' | 'dead';

/** One thing (a live event or the finished record) to deliver to one target, and how that went. */
@Entity({ name: 'deliveries' })
@Unique('deliveries_event_key_target_key', ['eventKey', 'target'])
@Index('deliveries_call_id_target_seq_idx', ['callId', 'target', 'seq'])
@Index('deliveries_status_idx', ['status'])
export class DeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** `<pbxId>:<linkedid>`; no foreign key: live events are delivered before the call's row exists. */
  @Column({ name: 'call_id', type: 'text' })
  callId!: string;

  /** e.g. `elma365-webhook` */
  @Column({ type: 'text' })
  target!: string;

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
