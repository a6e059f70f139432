import type { CallDisposition } from '@app/calls';
import { VoipDisposition } from './voip-types';

const DISPOSITIONS: Record<CallDisposition, VoipDisposition> = {
  answered: 'Answered',
  busy: 'Busy',
  no_answer: 'NoAnswer',
  abandoned: 'Cancel',
  failed: 'Unknown',
};

export function voipDisposition(disposition: CallDisposition | null): VoipDisposition {
  return disposition === null ? 'Unknown' : DISPOSITIONS[disposition];
}
