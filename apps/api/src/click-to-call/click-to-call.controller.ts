import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody } from '../common/api-error';
import { OriginateCallRequest } from './dto/originate-call.request';
import { OriginateCallResponse } from './dto/originate-call.response';
import { OriginateCallUseCase } from './usecases/originate-call/originate-call.usecase';
import { ClickToCallRateLimitGuard } from './rate-limit/click-to-call-rate-limit.guard';

@ApiTags('click-to-call')
@Controller('api/v1/calls')
export class ClickToCallController {
  constructor(private readonly originateCall: OriginateCallUseCase) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @UseGuards(ClickToCallRateLimitGuard)
  @ApiOperation({ summary: "Ring the operator's phone, then call the number (ELMA365 VoipGenerateCall)" })
  @ApiAcceptedResponse({ type: OriginateCallResponse, description: 'the Originate is queued in Asterisk' })
  @ApiResponse({ status: 400, type: ApiErrorBody, description: 'invalid body' })
  @ApiResponse({ status: 403, type: ApiErrorBody, description: 'CLICK_TO_CALL_NUMBER_NOT_ALLOWED' })
  @ApiResponse({ status: 404, type: ApiErrorBody, description: 'CLICK_TO_CALL_EXTENSION_NOT_FOUND, _PBX_NOT_FOUND' })
  @ApiResponse({ status: 429, type: ApiErrorBody, description: 'CLICK_TO_CALL_RATE_LIMITED, with Retry-After' })
  @ApiResponse({ status: 502, type: ApiErrorBody, description: 'CLICK_TO_CALL_ORIGINATE_REJECTED' })
  @ApiResponse({ status: 503, type: ApiErrorBody, description: 'CLICK_TO_CALL_PBX_UNAVAILABLE' })
  @ApiResponse({ status: 504, type: ApiErrorBody, description: 'CLICK_TO_CALL_ORIGINATE_UNCONFIRMED' })
  originate(@Body() body: OriginateCallRequest): Promise<OriginateCallResponse> {
    const { extension, phone, pbxId, callerName, variables = {} } = body;
    return this.originateCall.execute({ extension, phone, pbxId, callerName, variables });
  }
}
