import { ApiProperty } from '@nestjs/swagger';

export type Elma365WebhookSource = 'elma365' | 'environment';

export class Elma365WebhookSettingResponse {
  @ApiProperty({
    description: 'the link deliveries use, masked: long path segments and query values as ***',
    example: 'https://mycompany.elma365.ru/api/extensions/***/script/webhook',
  })
  url!: string;

  @ApiProperty({
    enum: ['elma365', 'environment'],
    description: 'elma365: pushed by the module (VoipOnWebhookUpdated); environment: ELMA365_WEBHOOK_URL',
  })
  source!: Elma365WebhookSource;

  @ApiProperty({ type: String, nullable: true, example: '2026-05-14T19:31:00.000Z', description: 'when it was pushed' })
  updatedAt!: string | null;
}
