import { ApiProperty } from '@nestjs/swagger';
import { EXTENSION_STATES, type ExtensionState } from '../extension-state';

export const EXTENSION_TECHNOLOGIES = ['PJSIP', 'SIP'] as const;
export type ExtensionTechnology = (typeof EXTENSION_TECHNOLOGIES)[number];

/** One internal extension, as ELMA365's VoipGetMembers shows it to admins. */
export class ExtensionResponse {
  @ApiProperty({ example: '1001' })
  extension!: string;

  @ApiProperty({ example: 'Anna Smirnova', description: 'the endpoint name when the PBX reports none' })
  name!: string;

  @ApiProperty({ example: 'office' })
  pbxId!: string;

  @ApiProperty({ enum: EXTENSION_TECHNOLOGIES, example: 'PJSIP', description: 'the channel technology to dial' })
  technology!: ExtensionTechnology;

  @ApiProperty({ enum: EXTENSION_STATES, example: 'idle' })
  state!: ExtensionState;
}
