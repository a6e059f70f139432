import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Optional here so that a link missing either part is a 403 RECORDING_LINK_INVALID, like a tampered one. */
export class SignedRecordingQueryDto {
  @ApiPropertyOptional({ description: 'expiry, unix seconds', example: '1715682660' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  exp?: string;

  @ApiPropertyOptional({ description: 'base64url HMAC-SHA256 of `<id>.<exp>`' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  sig?: string;
}
