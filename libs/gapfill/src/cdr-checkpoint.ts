import type { Redis } from 'ioredis';

/** How far a PBX's CDR file was read. */
export interface CdrCheckpoint {
  /** bytes of complete lines already read */
  readonly offset: number;
  /** sha256 of the file's first min(offset, CHECKPOINT_HEAD_BYTES) bytes: a file that no longer starts so is new */
  readonly head: string;
}

export const CHECKPOINT_HEAD_BYTES = 4096;

/** Where checkpoints live: shared by every ingest replica, so none re-reads what another one read. */
export interface CdrCheckpointStore {
  load(pbxId: string): Promise<CdrCheckpoint | null>;
  save(pbxId: string, checkpoint: CdrCheckpoint): Promise<void>;
}

const KEY_PREFIX = 'connector:gapfill:cdr-checkpoint:';

export class RedisCdrCheckpointStore implements CdrCheckpointStore {
  constructor(private readonly redis: Redis) {}

  static keyOf(pbxId: string): string {
    return `${KEY_PREFIX}${pbxId}`;
  }

  async load(pbxId: string): Promise<CdrCheckpoint | null> {
    const raw = await this.redis.get(RedisCdrCheckpointStore.keyOf(pbxId));
    if (raw === null) return null;
    const value = JSON.parse(raw) as Partial<CdrCheckpoint>;
    // Anything else was not written by this store: read the file again rather than trust it.
    return typeof value.offset === 'number' && typeof value.head === 'string'
      ? { offset: value.offset, head: value.head }
      : null;
  }

  async save(pbxId: string, checkpoint: CdrCheckpoint): Promise<void> {
    await this.redis.set(RedisCdrCheckpointStore.keyOf(pbxId), JSON.stringify(checkpoint));
  }
}
