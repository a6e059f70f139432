import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { SignedRecordingQueryDto } from '../../dto/signed-recording-query.dto';
import type { RecordingFile } from '../../recording-file';
import { isRecordingLinkSignatureValid } from '../../recording-link.signature';
import {
  RecordingLinkExpiredException,
  RecordingLinkInvalidException,
  RecordingLinksDisabledException,
} from '../../recordings.exception';
import { OpenRecordingUseCase } from '../open-recording/open-recording.usecase';

@Injectable()
export class OpenSignedRecordingUseCase {
  constructor(
    private readonly config: AppConfig,
    private readonly openRecording: OpenRecordingUseCase,
  ) {}

  async execute(callId: string, link: SignedRecordingQueryDto, nowMs = Date.now()): Promise<RecordingFile> {
    const secret = this.config.recordings.linkSecret;
    if (secret === null) throw new RecordingLinksDisabledException();
    const { exp, sig } = link;
    // The signature covers exp, so it is checked first: a forged expiry is "invalid", not "expired".
    if (exp === undefined || sig === undefined || !/^\d{1,12}$/.test(exp)) throw new RecordingLinkInvalidException();
    if (!isRecordingLinkSignatureValid(secret, callId, exp, sig)) throw new RecordingLinkInvalidException();
    if (Number(exp) * 1000 <= nowMs) throw new RecordingLinkExpiredException();
    return this.openRecording.execute(callId);
  }
}
