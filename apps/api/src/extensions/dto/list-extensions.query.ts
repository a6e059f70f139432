import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class ListExtensionsQuery {
  @ApiPropertyOptional({ example: 'office', description: 'default: the first configured PBX' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'pbxId must be a configured PBX id' })
  pbxId?: string;
}
