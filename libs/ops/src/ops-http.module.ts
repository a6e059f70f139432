import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { OpsModule } from './ops.module';
import { OpsHttpService } from './ops-http.service';

/**
 * The ops endpoint of a process without the API (standalone ingest, worker): liveness, readiness from the process's
 * readiness list and its metrics registry (OpsModule), which the process's modules filled. The API serves the same
 * two from its HTTP port and does not import this.
 */
@Module({
  imports: [ConfigModule, OpsModule],
  providers: [OpsHttpService],
})
export class OpsHttpModule {}
