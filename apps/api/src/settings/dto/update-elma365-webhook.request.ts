import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUrl, MaxLength } from 'class-validator';

export class UpdateElma365WebhookRequest {
  @ApiProperty({
    description:
      "the module's new Webhook URL (Настройки телефонии); its host must be in ELMA365_WEBHOOK_ALLOWED_HOSTS",
    example: 'https://mycompany.elma365.ru/api/extensions/0f8fad5b-d9cb-469f-a165-70867728950e/script/webhook',
    maxLength: 2048,
  })
  @IsString()
  @MaxLength(2048)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, disallow_auth: true },
    { message: '$property must be an absolute http(s) URL without user name or password' },
  )
  url!: string;
}
