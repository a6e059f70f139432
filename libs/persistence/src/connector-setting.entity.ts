import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One setting changed at run time, by key (`connector_settings`). The schema is owned by the migrations. */
@Entity({ name: 'connector_settings' })
export class ConnectorSettingEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'jsonb' })
  value!: object;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
