import { BadRequestException, HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { ApiException } from './api-error';
import { mapToApiError } from './api-error.mapper';
import { ApiExceptionWithHeaders } from './api-exception-with-headers';

describe('mapToApiError', () => {
  const sut = mapToApiError;

  it('passes an ApiException through as it is, with its headers', () => {
    expect(sut(new ApiExceptionWithHeaders(429, 'RATE_LIMITED', 'Slow down', { 'Retry-After': '3' }))).toEqual({
      body: { statusCode: 429, code: 'RATE_LIMITED', message: 'Slow down' },
      headers: { 'Retry-After': '3' },
      unexpected: false,
    });
    expect(sut(new ApiException(409, 'X', 'y', [{ field: 'f', reason: 'r' }])).body).toEqual({
      statusCode: 409,
      code: 'X',
      message: 'y',
      details: [{ field: 'f', reason: 'r' }],
    });
  });

  it('names a Nest HttpException by its status', () => {
    expect(sut(new NotFoundException('Cannot GET /x')).body).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'Cannot GET /x',
    });
    expect(sut(new HttpException('odd', 499)).body).toEqual({ statusCode: 499, code: 'HTTP_499', message: 'odd' });
  });

  it('recognises a body-parser JSON failure', () => {
    const cause = Object.assign(new SyntaxError('Unexpected end of JSON input'), { type: 'entity.parse.failed' });

    expect(sut(new BadRequestException(cause.message, { cause })).body.code).toBe('INVALID_JSON');
  });

  it('keeps the text of a server-side HttpException out of the body', () => {
    const mapped = sut(new ServiceUnavailableException('redis at 10.0.0.3 refused'));

    expect(mapped.body).toEqual({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'Service unavailable' });
    expect(mapped.unexpected).toBe(true);
  });

  it('answers anything else with a generic 500', () => {
    expect(sut(new Error('password=hunter2'))).toEqual({
      body: { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' },
      headers: {},
      unexpected: true,
    });
  });
});
