import { ApiProperty } from '@nestjs/swagger';

export class RecordingLinkDto {
  @ApiProperty({
    description: 'opens the recording without an API key until it expires (for a browser, e.g. VoipGetCallLink)',
    example: 'https://connector.example.ru/recordings/office%3A1715679060.42?exp=1715682660&sig=3q2-7w',
  })
  url!: string;

  @ApiProperty({ example: '2026-05-14T10:31:00.000Z' })
  expiresAt!: string;
}
