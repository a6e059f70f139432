import type { Redis } from 'ioredis';
import { eventClassesOf, type SeenEventClasses } from './ami-event-classes';

const KEY_PREFIX = 'connector:diagnostics:ami-event-classes:';
const LOGIN_FIELD = '@login';
/** At most one write per class and PBX this often: the cost per event is a map lookup. */
export const EVENT_CLASS_WRITE_INTERVAL_MS = 5_000;

/** Where the seen event classes live: shared by every ingest replica and read by the doctor. */
export class RedisEventClassStore {
  constructor(private readonly redis: Redis) {}

  static keyOf(pbxId: string): string {
    return `${KEY_PREFIX}${pbxId}`;
  }

  async recordLogin(pbxId: string, atMs: number): Promise<void> {
    await this.redis.hset(RedisEventClassStore.keyOf(pbxId), LOGIN_FIELD, String(atMs));
  }

  async recordClass(pbxId: string, eventClass: string, atMs: number): Promise<void> {
    await this.redis.hset(RedisEventClassStore.keyOf(pbxId), eventClass, String(atMs));
  }

  async read(pbxId: string): Promise<SeenEventClasses> {
    const fields = await this.redis.hgetall(RedisEventClassStore.keyOf(pbxId));
    const classes = new Map<string, number>();
    let lastLoginMs: number | null = null;
    for (const [name, value] of Object.entries(fields)) {
      const atMs = Number(value);
      if (!Number.isFinite(atMs)) continue;
      if (name === LOGIN_FIELD) lastLoginMs = atMs;
      else classes.set(name, atMs);
    }
    return { lastLoginMs, classes };
  }
}

export interface EventClassStore {
  recordLogin(pbxId: string, atMs: number): Promise<void>;
  recordClass(pbxId: string, eventClass: string, atMs: number): Promise<void>;
}

/**
 * The ingest's side: after each login, and for every event's `Privilege:` classes, throttled per class and PBX.
 * Never blocks the AMI read loop; a failed write is reported to `onError` and tried again with the next event.
 */
export class AmiEventClassRecorder {
  private readonly lastWrite = new Map<string, number>();

  constructor(
    private readonly store: EventClassStore,
    private readonly onError: (error: unknown) => void,
    private readonly nowMs: () => number = Date.now,
  ) {}

  loggedIn(pbxId: string): void {
    const now = this.nowMs();
    // The login is written first, so the first events after it are not dropped by the throttle of older ones.
    for (const key of [...this.lastWrite.keys()]) if (key.startsWith(`${pbxId}\n`)) this.lastWrite.delete(key);
    this.store.recordLogin(pbxId, now).catch(this.onError);
  }

  seen(pbxId: string, privilege: string | undefined): void {
    for (const eventClass of eventClassesOf(privilege)) {
      const key = `${pbxId}\n${eventClass}`;
      const now = this.nowMs();
      const last = this.lastWrite.get(key);
      if (last !== undefined && now - last < EVENT_CLASS_WRITE_INTERVAL_MS) continue;
      this.lastWrite.set(key, now);
      this.store.recordClass(pbxId, eventClass, now).catch((error: unknown) => {
        this.lastWrite.delete(key);
        this.onError(error);
      });
    }
  }
}
