import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrorBody } from '../common/api-error';
import { CallDetailDto } from './dto/call-detail.dto';
import { CallHistoryPageDto } from './dto/call-history-page.dto';
import { CallHistoryQueryDto } from './dto/call-history-query.dto';
import { GetCallUseCase } from './usecases/get-call/get-call.usecase';
import { ListCallsUseCase } from './usecases/list-calls/list-calls.usecase';

@ApiTags('calls')
@Controller('api/v1/calls')
export class CallHistoryController {
  constructor(
    private readonly listCalls: ListCallsUseCase,
    private readonly getCall: GetCallUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Call history, newest first, filtered and paged by cursor' })
  @ApiOkResponse({ type: CallHistoryPageDto })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'a bad filter, limit or cursor' })
  list(@Query() query: CallHistoryQueryDto): Promise<CallHistoryPageDto> {
    return this.listCalls.execute(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One call with its legs and hangup cause' })
  @ApiParam({ name: 'id', description: 'callId `<pbxId>:<linkedid>`, URL-encoded', example: 'office%3A1715679060.42' })
  @ApiOkResponse({ type: CallDetailDto })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'CALL_NOT_FOUND' })
  get(@Param('id') id: string): Promise<CallDetailDto> {
    return this.getCall.execute(id);
  }
}
