import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { PersistenceModule } from '@app/persistence';
import { DiagnosticsService } from './diagnostics.service';

@Module({ imports: [ConfigModule, PersistenceModule], providers: [DiagnosticsService], exports: [DiagnosticsService] })
export class DiagnosticsModule {}
