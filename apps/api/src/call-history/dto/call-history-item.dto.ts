import { ApiProperty } from '@nestjs/swagger';
import type { CallDirection, CallDisposition } from '@app/calls';
import { CALL_DIRECTIONS, CALL_DISPOSITIONS } from './call-history-query.dto';

export class CallTransferDto {
  @ApiProperty({ enum: ['blind', 'attended'] })
  kind!: 'blind' | 'attended';

  @ApiProperty({ type: String, nullable: true, description: 'the extension that transferred', example: '1001' })
  from!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'the extension or number the call was handed to' })
  to!: string | null;

  @ApiProperty({ example: '2026-05-14T09:31:05.120+00:00' })
  at!: string;
}

/** One call as the replay CLI prints it, plus where it came from and whether it has a recording. */
export class CallHistoryItemDto {
  @ApiProperty({ description: '`<pbxId>:<linkedid>`', example: 'office:1715679060.42' })
  callId!: string;

  @ApiProperty({ example: 'office' })
  pbxId!: string;

  @ApiProperty({ enum: CALL_DIRECTIONS })
  direction!: CallDirection;

  @ApiProperty({ type: String, nullable: true, example: '+79161234567' })
  from!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '+74951234567' })
  to!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '1001' })
  answeredBy!: string | null;

  @ApiProperty({ enum: CALL_DISPOSITIONS })
  disposition!: CallDisposition;

  @ApiProperty({ example: '2026-05-14T09:31:00.000+00:00' })
  startedAt!: string;

  @ApiProperty({ type: String, nullable: true })
  answeredAt!: string | null;

  @ApiProperty()
  endedAt!: string;

  @ApiProperty({ type: Number, nullable: true, example: 7.5 })
  waitSeconds!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 64.25 })
  talkSeconds!: number | null;

  @ApiProperty({ type: [String], example: ['1001', '1002'] })
  extensions!: string[];

  @ApiProperty({ type: [CallTransferDto] })
  transfers!: CallTransferDto[];

  @ApiProperty({ type: String, nullable: true, example: 'support' })
  queue!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'file name of the recording', example: 'out-1001.wav' })
  recording!: string | null;

  @ApiProperty({ description: 'GET /api/v1/calls/{id}/recording may have it' })
  hasRecording!: boolean;
}
