import { Module } from '@nestjs/common';
import { DiagnosticsModule } from '@app/diagnostics';
import { DiagnosticsController } from './diagnostics.controller';
import { RunDiagnosticsUseCase } from './usecases/run-diagnostics/run-diagnostics.usecase';

@Module({ imports: [DiagnosticsModule], controllers: [DiagnosticsController], providers: [RunDiagnosticsUseCase] })
export class DiagnosticsApiModule {}
