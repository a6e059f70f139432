import { ServerResponse } from 'node:http';
import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOperation, ApiParam, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ApiErrorBody } from '../common/api-error';
import { SignedRecordingQueryDto } from './dto/signed-recording-query.dto';
import { ApiRecordingStream } from './recording.api-docs';
import { streamRecording } from './recording.streamer';
import { OpenSignedRecordingUseCase } from './usecases/open-signed-recording/open-signed-recording.usecase';

/** What POST /api/v1/calls/{id}/recording-link hands out: the signature stands in for the API key. */
@ApiTags('recordings')
@Public()
@Controller('recordings')
export class SignedRecordingsController {
  constructor(private readonly openSignedRecording: OpenSignedRecordingUseCase) {}

  @Get(':id')
  @ApiOperation({ summary: 'A recording by signed link (no API key)' })
  @ApiParam({ name: 'id', description: 'callId, URL-encoded' })
  @ApiRecordingStream()
  @ApiForbiddenResponse({ type: ApiErrorBody, description: 'RECORDING_LINK_INVALID or RECORDING_LINK_EXPIRED' })
  @ApiServiceUnavailableResponse({ type: ApiErrorBody, description: 'RECORDING_LINKS_DISABLED' })
  async download(
    @Param('id') id: string,
    @Query() link: SignedRecordingQueryDto,
    @Headers('range') range: string | undefined,
    @Res() res: ServerResponse,
  ): Promise<void> {
    await streamRecording(await this.openSignedRecording.execute(id, link), range, res);
  }
}
