import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { HealthModule } from './health/health.module';

@Module({
  imports: [ConfigModule, HealthModule],
})
export class ApiModule {}
