import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DiagnosticsService } from '@app/diagnostics';
import { DiagnosticsReportDto, diagnosticsReportOf } from './dto/diagnostics-report.dto';

/** The lib's DiagnosticsService is the use case (`npm run doctor` runs the same); this maps it to HTTP. */
@ApiTags('diagnostics')
@Controller('api/v1/diagnostics')
export class DiagnosticsController {
  constructor(private readonly diagnostics: DiagnosticsService) {}

  @Get()
  @ApiOperation({
    summary: 'The doctor: every check of the chain (PBX, Redis, PostgreSQL, ELMA365), one entry each',
    description:
      'What `npm run doctor` prints, as JSON; ELMA365 "Проверить соединение" shows it. Always 200: `ok` is the verdict. ' +
      'Concurrent calls share one run, and a result is reused for 10 s (the checks ping the ELMA365 webhook).',
  })
  @ApiOkResponse({ type: DiagnosticsReportDto })
  async report(): Promise<DiagnosticsReportDto> {
    return diagnosticsReportOf(await this.diagnostics.report());
  }
}
