import { Injectable } from '@nestjs/common';
import { CallRecordRepository } from '@app/persistence';
import type { RecordingFile } from '../../recording-file';
import { RecordingFileResolver } from '../../recording-file.resolver';
import { RecordingNotFoundException } from '../../recordings.exception';

@Injectable()
export class OpenRecordingUseCase {
  constructor(
    private readonly calls: CallRecordRepository,
    private readonly files: RecordingFileResolver,
  ) {}

  async execute(callId: string): Promise<RecordingFile> {
    const record = await this.calls.findByCallId(callId);
    const file = record?.recording ? await this.files.resolve(record.recording) : null;
    if (file === null) throw new RecordingNotFoundException();
    return file;
  }
}
