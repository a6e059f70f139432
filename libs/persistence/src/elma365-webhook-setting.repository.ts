import type { DataSource, EntityManager } from 'typeorm';
import { ConnectorSettingEntity } from './connector-setting.entity';
import { DeliveryRepository } from './delivery.repository';

/** The webhook link ELMA365 pushed (PUT /api/v1/settings/elma365-webhook), and when. */
export interface StoredElma365Webhook {
  readonly url: string;
  readonly updatedAt: Date;
}

const SETTING_KEY = 'elma365-webhook';
/** pg_advisory_xact_lock key (hashtext of this): serialises a new link against decisions taken on the old one. */
const LINK_LOCK = 'connector_settings:elma365-webhook';

/**
 * The module's webhook URL as ELMA365 last pushed it; ELMA365_WEBHOOK_URL is only the initial value. Kept in
 * PostgreSQL so that every worker replica (and the doctor) sees the same link.
 */
export class Elma365WebhookSettingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** null until ELMA365 pushed a link. */
  async find(): Promise<StoredElma365Webhook | null> {
    return this.read(this.dataSource.manager);
  }

  /** Stores the link; it waits for every `whileUnchanged` task in progress, which therefore never outlives the old link. */
  async save(url: string): Promise<StoredElma365Webhook> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LINK_LOCK]);
      await manager
        .createQueryBuilder()
        .insert()
        .into(ConnectorSettingEntity)
        .values({ key: SETTING_KEY, value: { url }, updatedAt: () => 'now()' })
        .orUpdate(['value', 'updated_at'], ['key'])
        .updateEntity(false)
        .execute();
      const stored = await this.read(manager);
      if (stored === null) throw new Error('the stored ELMA365 webhook link vanished inside its own transaction');
      return stored;
    });
  }

  /**
   * Runs `task` with the stored link while no new one can be saved, its ledger writes in the same transaction.
   * A worker dead-letters a delivery refused by the old link through this: either the new link is saved first and
   * the task sees it (and sends again), or the row is dead before the save and the save's replay finds it.
   */
  async whileUnchanged<T>(
    task: (stored: StoredElma365Webhook | null, deliveries: DeliveryRepository) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [LINK_LOCK]);
      return task(await this.read(manager), new DeliveryRepository(manager));
    });
  }

  private async read(manager: EntityManager): Promise<StoredElma365Webhook | null> {
    const row = await manager.getRepository(ConnectorSettingEntity).findOneBy({ key: SETTING_KEY });
    if (row === null) return null;
    const { url } = row.value as { url?: unknown };
    if (typeof url !== 'string') throw new Error(`connector_settings '${SETTING_KEY}' holds no url`);
    return { url, updatedAt: row.updatedAt };
  }
}
