import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiResponse } from '@nestjs/swagger';
import { ApiErrorBody } from '../common/api-error';

const BINARY = { type: 'string', format: 'binary' } as const;

/** The Swagger description shared by both routes that stream a recording. */
export const ApiRecordingStream = (): MethodDecorator =>
  applyDecorators(
    ApiProduces('audio/wav', 'audio/mpeg', 'audio/x-gsm', 'audio/ogg', 'application/octet-stream'),
    ApiHeader({ name: 'Range', required: false, description: 'one byte range, e.g. `bytes=0-1023`' }),
    ApiOkResponse({ description: 'the whole file (Accept-Ranges: bytes)', schema: BINARY }),
    ApiResponse({ status: 206, description: 'the requested range, with Content-Range', schema: BINARY }),
    ApiResponse({ status: 416, type: ApiErrorBody, description: 'RECORDING_RANGE_NOT_SATISFIABLE' }),
    ApiNotFoundResponse({ type: ApiErrorBody, description: 'RECORDING_NOT_FOUND: no recording, or no such file' }),
  );
