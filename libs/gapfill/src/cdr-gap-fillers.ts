import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { AppConfig } from '@app/config';
import { redisConnection } from '@app/queue';
import { RedisCdrCheckpointStore } from './cdr-checkpoint';
import { CdrGapFiller } from './cdr-gap-filler';

/** One gap-filler per PBX when GAPFILL_CDR_CSV_PATH is set, sharing a Redis connection for the checkpoints. */
@Injectable()
export class CdrGapFillers implements OnModuleDestroy {
  private readonly redis?: Redis;
  private readonly checkpoints?: RedisCdrCheckpointStore;

  constructor(private readonly config: AppConfig) {
    if (config.gapFill) {
      this.redis = new Redis(redisConnection(config.redis.url) as RedisOptions);
      this.checkpoints = new RedisCdrCheckpointStore(this.redis);
    }
  }

  /** null when gap-fill is off */
  forPbx(pbxId: string): CdrGapFiller | null {
    const gapFill = this.config.gapFill;
    if (!gapFill || !this.checkpoints) return null;
    const { endpoints, phone } = this.config;
    return new CdrGapFiller(
      {
        pbxId,
        internalExtensionPattern: endpoints.internalExtensionPattern,
        trunkEndpointPattern: endpoints.trunkEndpointPattern ?? undefined,
        defaultRegion: phone.defaultRegion,
        cdrCsvPath: gapFill.cdrCsvPath.replaceAll('{pbxId}', pbxId),
        lookbackMs: gapFill.lookbackMs,
      },
      this.checkpoints,
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis?.quit();
  }
}
