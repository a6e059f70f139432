import type { CallDisposition } from '@app/calls';
import { mapCallEvent } from './call-event.mapper';
import { answered, callRecord, ended, left, ringing, ringingStopped, transferAnswered } from '../testing/call-fixtures';
import { VoipDisposition } from './voip-types';

const outbound = { direction: 'out' as const, from: '101', to: '+79161234567' };
const internal = { direction: 'internal' as const, from: '101', to: '102' };
const common = { callId: 'office:1700000000.42', at: '2024-05-01T10:00:00.000+03:00' };

describe('mapCallEvent', () => {
  describe('call.ringing', () => {
    it('inbound callee: NotifyStart from the client to the ringing extension', () => {
      expect(mapCallEvent(ringing({ extension: '102' }))).toEqual({
        ...common,
        event: 'NotifyStart',
        direction: 'in',
        srcPhone: '+79161234567',
        dstPhone: '102',
        dstPhoneExt: '102',
      });
    });

    it('outbound caller: NotifyStart out from the extension to the client', () => {
      expect(mapCallEvent(ringing({ ...outbound, role: 'caller', extension: '101' }))).toEqual({
        ...common,
        event: 'NotifyStart',
        direction: 'out',
        srcPhone: '101',
        dstPhone: '+79161234567',
        srcPhoneExt: '101',
        dstPhoneExt: '101',
      });
    });

    it('internal callee: from the calling extension to the ringing one', () => {
      expect(mapCallEvent(ringing({ ...internal, extension: '103' }))).toEqual({
        ...common,
        event: 'NotifyStart',
        direction: 'internal',
        srcPhone: '101',
        dstPhone: '103',
        srcPhoneExt: '101',
        dstPhoneExt: '103',
      });
    });

    it('an anonymous caller is an empty srcPhone', () => {
      expect(mapCallEvent(ringing({ from: null }))).toMatchObject({ srcPhone: '', dstPhone: '101' });
    });
  });

  describe('call.answered', () => {
    it('inbound: NotifyAnswer to the answering extension, no disposition', () => {
      const sut = mapCallEvent(answered({ extension: '102' }));

      expect(sut).toEqual({
        ...common,
        event: 'NotifyAnswer',
        direction: 'in',
        srcPhone: '+79161234567',
        dstPhone: '102',
        dstPhoneExt: '102',
      });
    });

    it('outbound: from the calling extension to the client', () => {
      expect(mapCallEvent(answered({ ...outbound, extension: '101' }))).toMatchObject({
        event: 'NotifyAnswer',
        direction: 'out',
        srcPhone: '101',
        dstPhone: '+79161234567',
        srcPhoneExt: '101',
        dstPhoneExt: '101',
      });
    });

    it('internal: from the caller to the answering extension', () => {
      expect(mapCallEvent(answered({ ...internal, extension: '102' }))).toMatchObject({
        direction: 'internal',
        srcPhone: '101',
        dstPhone: '102',
      });
    });

    it('an answer that answers no card (no extension took it) sends nothing', () => {
      expect(mapCallEvent(answered({ extension: null }))).toBeNull();
    });
  });

  describe('call.transfer_answered', () => {
    it("answers the transfer target's own card", () => {
      expect(mapCallEvent(transferAnswered({ extension: '103' }))).toEqual({
        ...common,
        event: 'NotifyAnswer',
        direction: 'in',
        srcPhone: '+79161234567',
        dstPhone: '103',
        dstPhoneExt: '103',
      });
    });
  });

  describe('call.left', () => {
    it('closes the card of an operator who left the call Answered (it was answered, the call goes on)', () => {
      expect(mapCallEvent(left({ extension: '101' }))).toEqual({
        ...common,
        event: 'NotifyEnd',
        direction: 'in',
        srcPhone: '+79161234567',
        dstPhone: '101',
        dstPhoneExt: '101',
        disposition: 'Answered',
      });
    });
  });

  describe('call.ringing_stopped', () => {
    it.each([
      ['answered_elsewhere', 'Cancel'],
      ['cancelled', 'Cancel'],
      ['no_answer', 'NoAnswer'],
      ['busy', 'Busy'],
      ['failed', 'Unknown'],
    ] as const)(
      '%s closes that extension’s unanswered card with %s (why it stopped ringing)',
      (reason, disposition) => {
        expect(mapCallEvent(ringingStopped({ extension: '102', reason }))).toEqual({
          ...common,
          event: 'NotifyEnd',
          direction: 'in',
          srcPhone: '+79161234567',
          dstPhone: '102',
          dstPhoneExt: '102',
          disposition,
        });
      },
    );

    it('internal: the ringing extension is the destination', () => {
      expect(mapCallEvent(ringingStopped({ ...internal, extension: '103' }))).toMatchObject({
        srcPhone: '101',
        dstPhone: '103',
        disposition: 'Cancel',
      });
    });
  });

  describe('call.ended', () => {
    it.each<[CallDisposition | null, VoipDisposition]>([
      ['answered', 'Answered'],
      ['busy', 'Busy'],
      ['no_answer', 'NoAnswer'],
      ['abandoned', 'Cancel'],
      ['failed', 'Unknown'],
      [null, 'Unknown'],
    ])('disposition %s -> NotifyEnd %s', (disposition, expected) => {
      expect(mapCallEvent(ended({ disposition }))).toMatchObject({ event: 'NotifyEnd', disposition: expected });
    });

    it('a call merged into another sends nothing: its cards closed at the merge', () => {
      expect(
        mapCallEvent(ended({ disposition: null, extension: null, mergedInto: 'office:1700000000.40' })),
      ).toBeNull();
    });

    it('inbound: closes the card the tracker names', () => {
      expect(mapCallEvent(ended({ extension: '102' }))).toEqual({
        ...common,
        event: 'NotifyEnd',
        direction: 'in',
        srcPhone: '+79161234567',
        dstPhone: '102',
        dstPhoneExt: '102',
        disposition: 'Answered',
      });
    });

    it('a call with no card open at its end (it reached nobody, or every card closed) sends nothing', () => {
      expect(mapCallEvent(ended({ extension: null, disposition: 'abandoned' }))).toBeNull();
    });

    it('outbound: from the calling extension to the client', () => {
      expect(mapCallEvent(ended({ ...outbound, disposition: 'busy' }))).toMatchObject({
        direction: 'out',
        srcPhone: '101',
        dstPhone: '+79161234567',
        srcPhoneExt: '101',
        dstPhoneExt: '101',
        disposition: 'Busy',
      });
    });

    it('internal: from caller to callee', () => {
      expect(mapCallEvent(ended({ ...internal, extension: '102', disposition: 'no_answer' }))).toMatchObject({
        direction: 'internal',
        srcPhone: '101',
        dstPhone: '102',
        disposition: 'NoAnswer',
      });
    });
  });

  it('call.finished maps to no event (it becomes the call record)', () => {
    const record = callRecord();

    expect(
      mapCallEvent({ type: 'call.finished', callId: record.callId, at: record.endedAt, seq: 9, record }),
    ).toBeNull();
  });
});
