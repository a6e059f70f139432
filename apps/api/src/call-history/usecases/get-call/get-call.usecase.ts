import { Injectable } from '@nestjs/common';
import { CallRecordRepository } from '@app/persistence';
import { CallNotFoundException } from '../../call-history.exception';
import { toCallDetail } from '../../call-history.mapper';
import type { CallDetailDto } from '../../dto/call-detail.dto';

@Injectable()
export class GetCallUseCase {
  constructor(private readonly calls: CallRecordRepository) {}

  async execute(callId: string): Promise<CallDetailDto> {
    const record = await this.calls.findByCallId(callId);
    if (record === null) throw new CallNotFoundException();
    return toCallDetail(record);
  }
}
