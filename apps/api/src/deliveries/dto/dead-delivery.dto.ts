import { ApiProperty } from '@nestjs/swagger';
import { type DeadDelivery, DeliveryTarget } from '@app/deliveries';

export class DeadDeliveryDto {
  @ApiProperty({
    description: 'pass to POST /api/v1/deliveries/dead/{eventKey}/retry',
    example: 'office:1715679060.42#7',
  })
  eventKey!: string;

  @ApiProperty({ example: 'office:1715679060.42' })
  callId!: string;

  @ApiProperty({
    enum: Object.values(DeliveryTarget),
    description: 'the telephony module webhook, or /pub/v1 in generic mode',
  })
  target!: DeliveryTarget;

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

export function deadDeliveryListOf(dead: readonly DeadDelivery[]): DeadDeliveryListDto {
  return { items: dead.map((d) => ({ ...d, updatedAt: d.updatedAt.toISOString() })) };
}
