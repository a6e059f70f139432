import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { PbxActionSession } from '../pbx/pbx-action-session';
import { PbxActionsService } from '../pbx/pbx-actions.service';
import { readEndpoints } from './endpoint-list.reader';
import type { Extension } from './extension';
import { ExtensionsException } from './extensions.exception';

interface CachedList {
  readonly list: Promise<Extension[]>;
  expiresAtMs: number;
}

/** The internal extensions of each PBX, cached for EXTENSIONS_CACHE_SECONDS; concurrent misses share one request. */
@Injectable()
export class ExtensionsService {
  private readonly cache = new Map<string, CachedList>();

  constructor(
    private readonly pbxs: PbxActionsService,
    private readonly config: AppConfig,
  ) {}

  /** For the HTTP API: unknown PBX -> 404, PBX down or not answering -> 503. */
  async list(pbxId?: string): Promise<Extension[]> {
    const session = this.pbxs.get(pbxId);
    if (!session) {
      throw pbxId === undefined
        ? ExtensionsException.pbxUnavailable(undefined, 'AMI_URL is empty')
        : ExtensionsException.pbxNotFound(pbxId);
    }
    if (!session.client.isConnected) throw ExtensionsException.pbxUnavailable(session.pbxId, 'AMI is not connected');
    try {
      return await this.listFor(session);
    } catch (error) {
      throw ExtensionsException.pbxUnavailable(session.pbxId, error instanceof Error ? error.message : String(error));
    }
  }

  /** The cached list of one PBX; rejects with the AmiClientError when the PBX cannot be asked. */
  listFor(session: PbxActionSession): Promise<Extension[]> {
    const now = Date.now();
    const cached = this.cache.get(session.pbxId);
    if (cached && cached.expiresAtMs > now) return cached.list;
    const entry: CachedList = { list: this.fetch(session), expiresAtMs: Number.POSITIVE_INFINITY };
    this.cache.set(session.pbxId, entry);
    entry.list.then(
      () => (entry.expiresAtMs = Date.now() + this.config.api.extensionsCacheSeconds * 1000),
      () => {
        if (this.cache.get(session.pbxId) === entry) this.cache.delete(session.pbxId);
      },
    );
    return entry.list;
  }

  async find(session: PbxActionSession, extension: string): Promise<Extension | undefined> {
    return (await this.listFor(session)).find((e) => e.extension === extension);
  }

  private fetch(session: PbxActionSession): Promise<Extension[]> {
    return readEndpoints(session, this.config.endpoints.internalExtensionPattern);
  }
}
