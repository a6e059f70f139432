import type { ExtensionState } from './extension-state';
import type { ExtensionTechnology } from './dto/extension.response';

export interface Extension {
  readonly extension: string;
  readonly name: string;
  readonly pbxId: string;
  readonly technology: ExtensionTechnology;
  readonly state: ExtensionState;
}
