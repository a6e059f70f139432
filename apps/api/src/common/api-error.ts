import { HttpException } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ApiErrorDetail {
  @ApiProperty({ example: 'phone' })
  field!: string;

  @ApiProperty({ example: 'must be a phone number' })
  reason!: string;
}

/** Every error the API answers: a stable machine code and a message for people. */
export class ApiErrorBody {
  @ApiProperty({ example: 403 })
  statusCode!: number;

  @ApiProperty({ example: 'CLICK_TO_CALL_NUMBER_NOT_ALLOWED' })
  code!: string;

  @ApiProperty({ example: 'International numbers are not allowed for click-to-call' })
  message!: string;

  @ApiPropertyOptional({ type: [ApiErrorDetail] })
  details?: ApiErrorDetail[];
}

/**
 * Base of every feature's exception (`*.exception.ts` with its own code enum): the filter turns it into
 * ApiErrorBody as it is.
 */
export class ApiException extends HttpException {
  constructor(status: number, code: string, message: string, details?: ApiErrorDetail[]) {
    const body: ApiErrorBody = { statusCode: status, code, message, ...(details ? { details } : {}) };
    super(body, status);
  }
}
