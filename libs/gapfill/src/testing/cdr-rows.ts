import type { CdrRow } from '../cdr-row';

/** A CDR row for specs: an answered trunk -> 1001 leg at 2026-11-26 10:00:00 UTC unless told otherwise. */
export function cdrRow(overrides: Partial<CdrRow> = {}): CdrRow {
  const startMs = Date.UTC(2026, 10, 26, 10, 0, 0);
  return {
    accountCode: '',
    source: '79161234567',
    destination: '74951234567',
    destinationContext: 'from-trunk',
    callerId: '"" <79161234567>',
    channel: 'PJSIP/mts-00000001',
    destinationChannel: 'PJSIP/1001-00000002',
    lastApplication: 'Dial',
    lastData: 'PJSIP/1001,20',
    startMs,
    answerMs: startMs + 3000,
    endMs: startMs + 10_000,
    duration: 10,
    billableSeconds: 7,
    disposition: 'ANSWERED',
    amaFlags: 'DOCUMENTATION',
    uniqueId: '1700000000.1',
    userField: '',
    peerAccount: '',
    linkedId: '1700000000.1',
    sequence: 1,
    ...overrides,
  };
}
