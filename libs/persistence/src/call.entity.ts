import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { CallDirection, CallDisposition, CallLeg, CallTransfer } from '@app/calls';
import { numericColumn } from './numeric.transformer';

/** One finished call (a CallRecord) in the `calls` table. The schema itself is owned by the migrations. */
@Entity({ name: 'calls' })
@Unique('calls_call_id_key', ['callId'])
@Unique('calls_pbx_id_linkedid_key', ['pbxId', 'linkedid'])
export class CallEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'pbx_id', type: 'text' })
  pbxId!: string;

  @Column({ type: 'text' })
  linkedid!: string;

  /** `<pbxId>:<linkedid>` */
  @Column({ name: 'call_id', type: 'text' })
  callId!: string;

  @Column({ type: 'text' })
  direction!: CallDirection;

  @Column({ name: 'from_number', type: 'text', nullable: true })
  fromNumber!: string | null;

  @Column({ name: 'to_number', type: 'text', nullable: true })
  toNumber!: string | null;

  @Column({ name: 'answered_by', type: 'text', nullable: true })
  answeredBy!: string | null;

  @Column({ type: 'text' })
  disposition!: CallDisposition;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz' })
  endedAt!: Date;

  @Column({ name: 'wait_seconds', ...numericColumn })
  waitSeconds!: number | null;

  @Column({ name: 'talk_seconds', ...numericColumn })
  talkSeconds!: number | null;

  @Column({ type: 'text', array: true })
  extensions!: string[];

  @Column({ type: 'jsonb' })
  transfers!: CallTransfer[];

  @Column({ type: 'jsonb' })
  legs!: CallLeg[];

  @Column({ type: 'text', nullable: true })
  queue!: string | null;

  @Column({ name: 'recording_path', type: 'text', nullable: true })
  recordingPath!: string | null;

  @Column({ name: 'hangup_cause', type: 'int', nullable: true })
  hangupCause!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
