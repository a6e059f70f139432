import { ApiProperty } from '@nestjs/swagger';
import { CallHistoryItemDto } from './call-history-item.dto';

export class CallLegDto {
  @ApiProperty({ example: 'PJSIP/1001-0000002a' })
  channel!: string;

  @ApiProperty({ type: String, nullable: true, example: '1001' })
  party!: string | null;

  @ApiProperty()
  startedAt!: string;

  @ApiProperty({ type: String, nullable: true })
  answeredAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  endedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'ANSWER' })
  dialStatus!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 16 })
  hangupCause!: number | null;
}

export class CallDetailDto extends CallHistoryItemDto {
  @ApiProperty({ type: [CallLegDto], description: 'every dial attempt, for support' })
  legs!: CallLegDto[];

  @ApiProperty({ type: Number, nullable: true, description: 'hangup cause of the first channel', example: 16 })
  hangupCause!: number | null;
}
