import type {
  CallAnsweredEvent,
  CallEndedEvent,
  CallLeftEvent,
  CallRecord,
  CallRingingEvent,
  CallRingingStoppedEvent,
  CallTransferAnsweredEvent,
} from '@app/calls';

const base = { callId: 'office:1700000000.42', at: '2024-05-01T10:00:00.000+03:00', seq: 1 };
const inbound = { direction: 'in' as const, from: '+79161234567', to: '84951234567' };

export function ringing(overrides: Partial<CallRingingEvent> = {}): CallRingingEvent {
  return { ...base, ...inbound, type: 'call.ringing', role: 'callee', extension: '101', ...overrides };
}

export function answered(overrides: Partial<CallAnsweredEvent> = {}): CallAnsweredEvent {
  return { ...base, ...inbound, type: 'call.answered', extension: '101', ...overrides };
}

export function transferAnswered(overrides: Partial<CallTransferAnsweredEvent> = {}): CallTransferAnsweredEvent {
  return { ...base, ...inbound, type: 'call.transfer_answered', extension: '102', ...overrides };
}

export function left(overrides: Partial<CallLeftEvent> = {}): CallLeftEvent {
  return { ...base, ...inbound, type: 'call.left', extension: '101', ...overrides };
}

export function ringingStopped(overrides: Partial<CallRingingStoppedEvent> = {}): CallRingingStoppedEvent {
  return {
    ...base,
    ...inbound,
    type: 'call.ringing_stopped',
    extension: '102',
    reason: 'answered_elsewhere',
    ...overrides,
  };
}

export function ended(overrides: Partial<CallEndedEvent> = {}): CallEndedEvent {
  return {
    ...base,
    ...inbound,
    type: 'call.ended',
    disposition: 'answered',
    mergedInto: null,
    extension: '101',
    ...overrides,
  };
}

export function callRecord(overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    callId: 'office:1700000000.42',
    pbxId: 'office',
    linkedid: '1700000000.42',
    direction: 'in',
    from: '+79161234567',
    to: '84951234567',
    answeredBy: '101',
    disposition: 'answered',
    startedAt: '2024-05-01T10:00:00.000+03:00',
    answeredAt: '2024-05-01T10:00:05.000+03:00',
    endedAt: '2024-05-01T10:01:05.000+03:00',
    waitSeconds: 5,
    talkSeconds: 60,
    extensions: ['101', '102'],
    transfers: [],
    queue: null,
    recording: '/var/spool/asterisk/monitor/1700000000.42.wav',
    hangupCause: 16,
    legs: [
      {
        channel: 'PJSIP/101-00000001',
        party: '101',
        startedAt: '2024-05-01T10:00:01.000+03:00',
        answeredAt: '2024-05-01T10:00:05.000+03:00',
        endedAt: '2024-05-01T10:01:05.000+03:00',
        dialStatus: 'ANSWER',
        hangupCause: 16,
      },
    ],
    ...overrides,
  };
}
