import { ApiProperty } from '@nestjs/swagger';
import type { DiagnosticsReport } from '@app/diagnostics';

export class DiagnosticCheckDto {
  @ApiProperty({ description: 'stable id of the check', example: 'ami.login' })
  id!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the PBX it is about; null for the connector',
    example: 'office',
  })
  scope!: string | null;

  @ApiProperty({ example: false })
  ok!: boolean;

  @ApiProperty({ example: 'AMI login to 10.0.0.5:5038 as connector' })
  title!: string;

  @ApiProperty({ description: 'what was found', example: 'login refused: Authentication failed' })
  detail!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'what to do; null when ok',
    example: 'the user and secret in AMI_URL must match the [connector] section of manager.conf …',
  })
  fix!: string | null;
}

/** The ELMA365 module's VoipTestConnection reads this shape: keep it as it is. */
export class DiagnosticsReportDto {
  @ApiProperty({ description: 'every check passed' })
  ok!: boolean;

  @ApiProperty({
    description: 'when the checks ran (a result is reused for 10 s)',
    example: '2026-12-02T06:30:00.000Z',
  })
  checkedAt!: string;

  @ApiProperty({ type: [DiagnosticCheckDto] })
  checks!: DiagnosticCheckDto[];
}

export function diagnosticsReportOf(report: DiagnosticsReport): DiagnosticsReportDto {
  return { ok: report.ok, checkedAt: report.checkedAt, checks: report.checks.map((check) => ({ ...check })) };
}
