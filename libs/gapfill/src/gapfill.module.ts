import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { CdrGapFillers } from './cdr-gap-fillers';

@Module({ imports: [ConfigModule], providers: [CdrGapFillers], exports: [CdrGapFillers] })
export class GapFillModule {}
