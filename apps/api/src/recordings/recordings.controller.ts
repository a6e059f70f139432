import { ServerResponse } from 'node:http';
import { Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrorBody } from '../common/api-error';
import { RecordingLinkDto } from './dto/recording-link.dto';
import { ApiRecordingStream } from './recording.api-docs';
import { streamRecording } from './recording.streamer';
import { CreateRecordingLinkUseCase } from './usecases/create-recording-link/create-recording-link.usecase';
import { OpenRecordingUseCase } from './usecases/open-recording/open-recording.usecase';

@ApiTags('recordings')
@ApiParam({ name: 'id', description: 'callId `<pbxId>:<linkedid>`, URL-encoded', example: 'office%3A1715679060.42' })
@Controller('api/v1/calls')
export class RecordingsController {
  constructor(
    private readonly openRecording: OpenRecordingUseCase,
    private readonly createLink: CreateRecordingLinkUseCase,
  ) {}

  @Get(':id/recording')
  @ApiOperation({ summary: "The call's recording (supports a single HTTP Range)" })
  @ApiRecordingStream()
  async download(
    @Param('id') id: string,
    @Headers('range') range: string | undefined,
    @Res() res: ServerResponse,
  ): Promise<void> {
    await streamRecording(await this.openRecording.execute(id), range, res);
  }

  @Post(':id/recording-link')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'A signed link that plays the recording without an API key until it expires' })
  @ApiOkResponse({ type: RecordingLinkDto })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'RECORDING_NOT_FOUND' })
  @ApiServiceUnavailableResponse({ type: ApiErrorBody, description: 'RECORDING_LINKS_DISABLED' })
  link(@Param('id') id: string): Promise<RecordingLinkDto> {
    return this.createLink.execute(id);
  }
}
