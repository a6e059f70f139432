import { Injectable, Logger, Module, type OnModuleDestroy } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { AppConfig, ConfigModule } from '@app/config';
import { redisConnection } from '@app/queue';
import { AmiEventClassRecorder, RedisEventClassStore } from './ami-event-class.recorder';

/** The ingest's recorder of seen AMI event classes, on a Redis connection of its own. */
@Injectable()
export class EventClassRecording implements OnModuleDestroy {
  readonly recorder: AmiEventClassRecorder;
  private readonly redis: Redis;
  private readonly logger = new Logger('EventClasses');
  private lastWarnedMs = 0;

  constructor(config: AppConfig) {
    this.redis = new Redis(redisConnection(config.redis.url) as RedisOptions);
    this.recorder = new AmiEventClassRecorder(new RedisEventClassStore(this.redis), (error) => this.warn(error));
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis.quit();
  }

  /** At most one warning a minute: while Redis is away every throttled write fails. */
  private warn(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarnedMs < 60_000) return;
    this.lastWarnedMs = now;
    this.logger.warn(`Could not record seen AMI event classes (the doctor reads them): ${(error as Error).message}`);
  }
}

@Module({ imports: [ConfigModule], providers: [EventClassRecording], exports: [EventClassRecording] })
export class EventClassRecordingModule {}
