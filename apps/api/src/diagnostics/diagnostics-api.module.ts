import { Module } from '@nestjs/common';
import { DiagnosticsModule } from '@app/diagnostics';
import { DiagnosticsController } from './diagnostics.controller';

@Module({ imports: [DiagnosticsModule], controllers: [DiagnosticsController] })
export class DiagnosticsApiModule {}
