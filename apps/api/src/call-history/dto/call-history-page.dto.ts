import { ApiProperty } from '@nestjs/swagger';
import { CallHistoryItemDto } from './call-history-item.dto';

export class CallHistoryPageDto {
  @ApiProperty({ type: [CallHistoryItemDto] })
  items!: CallHistoryItemDto[];

  @ApiProperty({ type: String, nullable: true, description: 'pass as `cursor` for the next page; null on the last' })
  nextCursor!: string | null;
}
