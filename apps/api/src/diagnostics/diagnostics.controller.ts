import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DiagnosticsReportDto } from './dto/diagnostics-report.dto';
import { RunDiagnosticsUseCase } from './usecases/run-diagnostics/run-diagnostics.usecase';

@ApiTags('diagnostics')
@Controller('api/v1/diagnostics')
export class DiagnosticsController {
  constructor(private readonly runDiagnostics: RunDiagnosticsUseCase) {}

  @Get()
  @ApiOperation({
    summary: 'The doctor: every check of the chain (PBX, Redis, PostgreSQL, ELMA365), one entry each',
    description:
      'What `npm run doctor` prints, as JSON; ELMA365 "Проверить соединение" shows it. Always 200: `ok` is the verdict. ' +
      'Concurrent calls share one run, and a result is reused for 10 s (the checks ping the ELMA365 webhook).',
  })
  @ApiOkResponse({ type: DiagnosticsReportDto })
  report(): Promise<DiagnosticsReportDto> {
    return this.runDiagnostics.execute();
  }
}
