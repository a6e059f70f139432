import { Injectable } from '@nestjs/common';
import { DiagnosticsService } from '@app/diagnostics';
import type { DiagnosticsReportDto } from '../../dto/diagnostics-report.dto';

@Injectable()
export class RunDiagnosticsUseCase {
  constructor(private readonly diagnostics: DiagnosticsService) {}

  async execute(): Promise<DiagnosticsReportDto> {
    const report = await this.diagnostics.report();
    return { ok: report.ok, checkedAt: report.checkedAt, checks: report.checks.map((check) => ({ ...check })) };
  }
}
