import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { CallRecordRepository } from '@app/persistence';
import type { RecordingLinkDto } from '../../dto/recording-link.dto';
import { signRecordingLink } from '../../recording-link.signature';
import { RecordingLinksDisabledException, RecordingNotFoundException } from '../../recordings.exception';

@Injectable()
export class CreateRecordingLinkUseCase {
  constructor(
    private readonly calls: CallRecordRepository,
    private readonly config: AppConfig,
  ) {}

  async execute(callId: string, nowMs = Date.now()): Promise<RecordingLinkDto> {
    const secret = this.config.recordings.linkSecret;
    if (secret === null) throw new RecordingLinksDisabledException();
    const record = await this.calls.findByCallId(callId);
    if (!record?.recording) throw new RecordingNotFoundException();

    const exp = String(Math.floor(nowMs / 1000) + this.config.recordings.linkTtlSeconds);
    const query = new URLSearchParams({ exp, sig: signRecordingLink(secret, callId, exp) });
    return {
      url: `${this.config.api.publicBaseUrl}/recordings/${encodeURIComponent(callId)}?${query.toString()}`,
      expiresAt: new Date(Number(exp) * 1000).toISOString(),
    };
  }
}
