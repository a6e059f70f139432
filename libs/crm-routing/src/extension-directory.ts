import type { CrmRoutingConfig } from '@app/config';

import { type Elma365PubApiClient, textOf } from '@app/elma365';
import { TtlCache } from './ttl-cache';

const USERS_PAGE = 100;
const MAX_USER_PAGES = 50;

/**
 * ELMA365 user id -> extension, from the telephony module's bindings and/or a user field. Loaded whole and
 * kept for CRM_ROUTING_DIRECTORY_CACHE_SECONDS: one request serves every caller.
 */
export class ExtensionDirectory {
  private readonly cache: TtlCache<'directory', ReadonlyMap<string, string>>;
  private loading: Promise<ReadonlyMap<string, string>> | null = null;

  constructor(
    private readonly client: Elma365PubApiClient,
    private readonly config: CrmRoutingConfig,
    nowMs: () => number = Date.now,
  ) {
    this.cache = new TtlCache(config.directoryCacheSeconds * 1000, 1, nowMs);
  }

  get configured(): boolean {
    return this.config.telephonyModuleCode !== null || this.config.userExtensionField !== null;
  }

  async extensionOf(userId: string): Promise<string | null> {
    if (!this.configured) return null;
    const directory = this.cache.get('directory') ?? (await this.load());
    return directory.get(userId) ?? null;
  }

  private load(): Promise<ReadonlyMap<string, string>> {
    this.loading ??= this.fetchDirectory()
      .then((directory) => {
        this.cache.set('directory', directory);
        return directory;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  private async fetchDirectory(): Promise<ReadonlyMap<string, string>> {
    const directory = new Map<string, string>();
    // Bindings are what ELMA365's own call card uses, so they win over the user field.
    if (this.config.telephonyModuleCode !== null) {
      for (const { userId, extension } of await this.client.voipBindings(this.config.telephonyModuleCode)) {
        if (!directory.has(userId) && extension !== '') directory.set(userId, extension);
      }
    }
    if (this.config.userExtensionField !== null)
      await this.addUserFieldExtensions(directory, this.config.userExtensionField);
    return directory;
  }

  private async addUserFieldExtensions(directory: Map<string, string>, field: string): Promise<void> {
    for (let page = 0; page < MAX_USER_PAGES; page++) {
      const { items } = await this.client.listUsers({ filter: {}, from: page * USERS_PAGE, size: USERS_PAGE });
      for (const user of items) {
        const id = textOf(user['__id']);
        const extension = textOf(user[field]);
        if (id !== null && extension !== null && !directory.has(id)) directory.set(id, extension);
      }
      if (items.length < USERS_PAGE) return;
    }
  }
}
