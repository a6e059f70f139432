import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { RecordingFileResolver } from './recording-file.resolver';
import { RecordingsController } from './recordings.controller';
import { SignedRecordingsController } from './signed-recordings.controller';
import { CreateRecordingLinkUseCase } from './usecases/create-recording-link/create-recording-link.usecase';
import { OpenRecordingUseCase } from './usecases/open-recording/open-recording.usecase';
import { OpenSignedRecordingUseCase } from './usecases/open-signed-recording/open-signed-recording.usecase';

/** Recording download (API key), signed links, and the public signed-link route. Needs AppConfig (global). */
@Module({
  imports: [PersistenceModule],
  controllers: [RecordingsController, SignedRecordingsController],
  providers: [RecordingFileResolver, OpenRecordingUseCase, CreateRecordingLinkUseCase, OpenSignedRecordingUseCase],
})
export class RecordingsModule {}
