import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import type { CallDirection, CallDisposition } from '@app/calls';
import { IsCalendarTimestamp } from '../../common/calendar-timestamp';

export const CALL_DIRECTIONS: readonly CallDirection[] = ['in', 'out', 'internal'];
export const CALL_DISPOSITIONS: readonly CallDisposition[] = ['answered', 'no_answer', 'abandoned', 'busy', 'failed'];

/** Filters carry no `example`: Swagger UI's "Try it out" would pre-fill it and list nothing by default. */
export class CallHistoryQueryDto {
  @ApiPropertyOptional({
    description: 'Calls started at or after this time (ISO-8601), e.g. `2026-05-01T00:00:00+03:00`',
  })
  @IsOptional()
  @IsCalendarTimestamp()
  from?: string;

  @ApiPropertyOptional({
    description: 'Calls started before this time (ISO-8601), e.g. `2026-06-01T00:00:00+03:00`',
  })
  @IsOptional()
  @IsCalendarTimestamp()
  to?: string;

  @ApiPropertyOptional({
    description:
      'Client number in any format (normalised to E.164 with PHONE_DEFAULT_REGION) or an extension; matches from or to; ' +
      'e.g. `8 (916) 123-45-67`',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  phone?: string;

  @ApiPropertyOptional({ description: 'Extension that answered, called, was called or rang, e.g. `1001`' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  extension?: string;

  @ApiPropertyOptional({ enum: CALL_DIRECTIONS })
  @IsOptional()
  @IsIn(CALL_DIRECTIONS)
  direction?: CallDirection;

  @ApiPropertyOptional({ enum: CALL_DISPOSITIONS })
  @IsOptional()
  @IsIn(CALL_DISPOSITIONS)
  disposition?: CallDisposition;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a nextCursor returned by this API' })
  cursor?: string;
}
