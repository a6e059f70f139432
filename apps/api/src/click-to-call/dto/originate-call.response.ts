import { ApiProperty } from '@nestjs/swagger';

export class OriginateCallResponse {
  @ApiProperty({
    example: 'office:c2c-5f0c7a1e-2b7d-4c51-9a55-0d8f6f1f3c2a',
    description: "the call's id in call records and webhooks: <pbxId>:<Linkedid>",
  })
  callId!: string;

  @ApiProperty({ enum: ['originating'], example: 'originating' })
  status!: 'originating';
}
