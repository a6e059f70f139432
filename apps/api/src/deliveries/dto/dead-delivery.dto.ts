import { ApiProperty } from '@nestjs/swagger';

export class DeadDeliveryDto {
  @ApiProperty({
    description: 'pass to POST /api/v1/deliveries/dead/{eventKey}/retry',
    example: 'office:1715679060.42#7',
  })
  eventKey!: string;

  @ApiProperty({ example: 'office:1715679060.42' })
  callId!: string;

  @ApiProperty({
    enum: ['elma365-webhook', 'elma365-generic'],
    description: 'the telephony module webhook, or /pub/v1 in generic mode',
  })
  target!: string;

  @ApiProperty({ enum: ['live', 'record'] })
  kind!: 'live' | 'record';

  @ApiProperty({ example: 8 })
  attempts!: number;

  @ApiProperty({ type: String, nullable: true, example: 'HTTP 400: Bad Request' })
  lastError!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 400 })
  lastStatusCode!: number | null;

  @ApiProperty({ description: 'when it was given up', example: '2026-05-14T19:31:00.000Z' })
  updatedAt!: string;
}

export class DeadDeliveryListDto {
  @ApiProperty({ type: [DeadDeliveryDto] })
  items!: DeadDeliveryDto[];
}

export class DeliveryRetryDto {
  @ApiProperty({ description: 'how many dead deliveries were scheduled again', example: 3 })
  replayed!: number;
}
