import { mapCallRecord } from './call-record.mapper';
import { callRecord } from '../testing/call-fixtures';

describe('mapCallRecord', () => {
  it('inbound answered: from the client to the answering extension, talk seconds, the record as `call`', () => {
    const record = callRecord({ answeredBy: '102', talkSeconds: 60 });

    expect(mapCallRecord(record)).toEqual({
      srcPhone: '+79161234567',
      dstPhone: '102',
      dstPhoneExt: '102',
      direction: 'in',
      disposition: 'Answered',
      duration: 60,
      callId: 'office:1700000000.42',
      call: record,
    });
  });

  it('inbound missed: the first phone that rang, duration 0', () => {
    const record = callRecord({
      answeredBy: null,
      answeredAt: null,
      talkSeconds: null,
      disposition: 'no_answer',
      extensions: ['103', '104'],
    });

    expect(mapCallRecord(record)).toMatchObject({ dstPhone: '103', disposition: 'NoAnswer', duration: 0 });
  });

  it('inbound that rang nobody (IVR hang-up): the dialled number', () => {
    const record = callRecord({ answeredBy: null, talkSeconds: null, disposition: 'abandoned', extensions: [] });

    expect(mapCallRecord(record)).toMatchObject({ dstPhone: '84951234567', disposition: 'Cancel', duration: 0 });
  });

  it('outbound: from the calling extension to the client', () => {
    const record = callRecord({ direction: 'out', from: '101', to: '+79161234567', answeredBy: '101' });

    expect(mapCallRecord(record)).toMatchObject({
      srcPhone: '101',
      dstPhone: '+79161234567',
      srcPhoneExt: '101',
      dstPhoneExt: '101',
      direction: 'out',
    });
  });

  it('internal unanswered: the first other phone that rang, busy', () => {
    const record = callRecord({
      direction: 'internal',
      from: '101',
      to: '600',
      answeredBy: null,
      talkSeconds: null,
      disposition: 'busy',
      extensions: ['101', '102'],
    });

    expect(mapCallRecord(record)).toMatchObject({
      srcPhone: '101',
      dstPhone: '102',
      srcPhoneExt: '101',
      dstPhoneExt: '102',
      disposition: 'Busy',
      duration: 0,
    });
  });

  it('failed maps to Unknown', () => {
    expect(mapCallRecord(callRecord({ disposition: 'failed', talkSeconds: null })).disposition).toBe('Unknown');
  });
});
