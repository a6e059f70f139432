import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsOriginateVariables, MAX_ORIGINATE_VARIABLES } from './originate-variables.validator';

export class OriginateCallRequest {
  @ApiProperty({ example: '1001', description: "the operator's extension: its phone rings first" })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: '$property must be an endpoint name (letters, digits, _ . -)' })
  extension!: string;

  @ApiProperty({ example: '+7 916 123-45-67', description: 'the number to call: national, E.164 or an extension' })
  @IsString()
  @Matches(/^\+?[0-9 ().-]{2,32}$/, { message: '$property must be a phone number (digits, + ( ) - . and spaces)' })
  phone!: string;

  @ApiPropertyOptional({ example: 'office', description: 'default: the first configured PBX' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: '$property must be a configured PBX id' })
  pbxId?: string;

  @ApiPropertyOptional({ example: 'ООО Вектор', description: "shown on the operator's phone; default: the number" })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  // quotes and angle brackets would break `"name" <number>`; control characters could end the AMI header
  @Matches(/^[^"\\<>\p{Cc}]*$/u, { message: '$property must not contain quotes, <, >, \\ or line breaks' })
  callerName?: string;

  @ApiPropertyOptional({
    example: { CRM_ID: 'deal-4242' },
    description: `up to ${MAX_ORIGINATE_VARIABLES} channel variables set on the operator's leg`,
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 256 },
  })
  // Not @IsOptional(): it lets null through, and a null here is a client's mistake to name, not to crash on.
  @ValidateIf((_request, value) => value !== undefined)
  @IsOriginateVariables()
  variables?: Record<string, string>;
}
