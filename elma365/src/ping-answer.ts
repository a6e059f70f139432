import type { VerificationMode } from './module-settings';
import { MODULE_VERSION } from './module-version';
import { sdkEnumsSeen, type SdkEnumsSeen } from './sdk-enums';
import type { SeenWebhookRequest } from './webhook-request';

/** libs/elma365's `ModulePingAnswerV1`: the doctor reads ELMA365's run-time facts from it. */
export interface ModulePingAnswer {
  pong: true;
  id: string;
  moduleVersion: string;
  verificationMode: VerificationMode;
  headerNames: string[];
  bodyType: string;
  sdk: SdkEnumsSeen;
  previousPingId: string | null;
}

export function pingAnswer(
  id: string,
  verificationMode: VerificationMode,
  seen: SeenWebhookRequest,
  previousPingId: string | null,
): ModulePingAnswer {
  return {
    pong: true,
    id,
    moduleVersion: MODULE_VERSION,
    verificationMode,
    headerNames: seen.headerNames,
    bodyType: seen.bodyType,
    sdk: sdkEnumsSeen(),
    previousPingId,
  };
}
