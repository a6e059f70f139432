import { AmiMessage } from '@app/ami';
import { CallEvent, CallRecord } from './index';
import { CallTracker } from './call-tracker';

/** A tiny AMI event script: channels are named once and referred to by alias. */
class Script {
  private t = 1_800_000_000;
  private readonly channels = new Map<
    string,
    { name: string; uniqueid: string; linkedid: string; num: string; exten: string }
  >();
  private seq = 0;
  readonly events: AmiMessage[] = [];

  wait(seconds: number): this {
    this.t += seconds;
    return this;
  }

  channel(
    alias: string,
    name: string,
    opts: { linkedid?: string; num?: string; exten?: string; state?: string } = {},
  ): this {
    const uniqueid = `${this.t}.${this.seq++}`;
    const linkedid = opts.linkedid ? this.ch(opts.linkedid).uniqueid : uniqueid;
    this.channels.set(alias, { name, uniqueid, linkedid, num: opts.num ?? '<unknown>', exten: opts.exten ?? 's' });
    return this.ev('Newchannel', { ...this.fields(alias), ChannelState: opts.state ?? '0' });
  }

  ev(event: string, fields: Record<string, string>): this {
    this.events.push(AmiMessage.of({ Event: event, Timestamp: this.t.toFixed(6), ...fields }));
    return this;
  }

  on(event: string, alias: string, extra: Record<string, string> = {}): this {
    return this.ev(event, { ...this.fields(alias), ...extra });
  }

  dial(
    event: 'DialBegin' | 'DialEnd' | 'DialState',
    from: string | null,
    to: string,
    extra: Record<string, string> = {},
  ): this {
    return this.ev(event, { ...(from ? this.fields(from) : {}), ...this.fields(to, 'Dest'), ...extra });
  }

  relink(alias: string, toAlias: string): this {
    this.ch(alias).linkedid = this.ch(toAlias).linkedid;
    return this;
  }

  id(alias: string): string {
    return this.ch(alias).uniqueid;
  }

  private ch(alias: string) {
    const c = this.channels.get(alias);
    if (!c) throw new Error(`no channel ${alias}`);
    return c;
  }

  fields(alias: string, prefix = ''): Record<string, string> {
    const c = this.ch(alias);
    return {
      [`${prefix}Channel`]: c.name,
      [`${prefix}Uniqueid`]: c.uniqueid,
      [`${prefix}Linkedid`]: c.linkedid,
      [`${prefix}CallerIDNum`]: c.num,
      [`${prefix}Exten`]: c.exten,
    };
  }
}

function run(script: Script, options = {}): { records: CallRecord[]; events: CallEvent[] } {
  const sut = new CallTracker({ pbxId: 'test', ...options });
  const state = sut.createState();
  const events = script.events.flatMap((e) => sut.apply(state, e, 0));
  return {
    records: events.flatMap((e) => (e.type === 'call.finished' ? [e.record] : [])),
    events: events.filter((e) => e.type !== 'call.finished'),
  };
}

describe('CallTracker on dialplans other than the lab', () => {
  it('resolves a FreePBX-style Local-channel ring group to the phones that rang and the one that answered', () => {
    const s = new Script()
      .channel('in', 'PJSIP/beeline-00000001', { num: '84951112233', exten: '4957778899', state: '4' })
      .channel('l1a', 'Local/1001@from-internal-00000001;1', { linkedid: 'in' })
      .channel('l2a', 'Local/1001@from-internal-00000001;2', { linkedid: 'in' })
      .channel('l1b', 'Local/1002@from-internal-00000002;1', { linkedid: 'in' })
      .channel('l2b', 'Local/1002@from-internal-00000002;2', { linkedid: 'in' })
      .dial('DialBegin', 'in', 'l1a', { DialString: '1001@from-internal/n' })
      .dial('DialBegin', 'in', 'l1b', { DialString: '1002@from-internal/n' })
      .channel('p1', 'PJSIP/1001-00000003', { linkedid: 'in', num: '1001' })
      .channel('p2', 'PJSIP/1002-00000004', { linkedid: 'in', num: '1002' })
      .dial('DialBegin', 'l2a', 'p1', { DialString: '1001' })
      .dial('DialBegin', 'l2b', 'p2', { DialString: '1002' })
      .on('Newstate', 'p1', { ChannelState: '5' })
      .on('Newstate', 'p2', { ChannelState: '5' })
      .wait(4)
      .on('Newstate', 'p2', { ChannelState: '6' })
      .dial('DialEnd', 'l2b', 'p2', { DialStatus: 'ANSWER' })
      .dial('DialEnd', 'in', 'l1b', { DialStatus: 'ANSWER' })
      .dial('DialEnd', 'in', 'l1a', { DialStatus: 'CANCEL' })
      .dial('DialEnd', 'l2a', 'p1', { DialStatus: 'CANCEL' })
      .on('Hangup', 'p1', { Cause: '26' })
      .on('Hangup', 'l2a', { Cause: '26' })
      .on('Hangup', 'l1a', { Cause: '26' })
      .wait(30)
      .on('HangupRequest', 'in', { Cause: '16' })
      .on('Hangup', 'l1b', { Cause: '16' })
      .on('Hangup', 'l2b', { Cause: '16' })
      .on('Hangup', 'p2', { Cause: '16' })
      .on('Hangup', 'in', { Cause: '16' });
    const { records, events } = run(s);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      direction: 'in',
      from: '+74951112233',
      to: '+74957778899',
      answeredBy: '1002',
      disposition: 'answered',
      waitSeconds: 4,
      talkSeconds: 30,
      extensions: ['1001', '1002'],
    });
    expect(events.map((e) => `${e.type}${'extension' in e ? ` ${e.extension}` : ''}`)).toEqual([
      'call.ringing 1001',
      'call.ringing 1002',
      'call.answered 1002',
      'call.ringing_stopped 1001',
      'call.ended 1002',
    ]);
  });

  it('calls a caller who gives up in a queue abandoned, whatever the queue members are', () => {
    const s = new Script()
      .channel('in', 'SIP/mts-0000000a', { num: '+79031234567', exten: '600', state: '4' })
      .wait(0.1)
      .on('Newstate', 'in', { ChannelState: '6' })
      .on('QueueCallerJoin', 'in', { Queue: 'sales', Position: '1' })
      .channel('agent', 'SIP/101-0000000b', { linkedid: 'in', num: '101' })
      .dial('DialBegin', 'in', 'agent', { DialString: '101' })
      .on('Newstate', 'agent', { ChannelState: '5' })
      .wait(12)
      .on('HangupRequest', 'in')
      .on('QueueCallerAbandon', 'in', { Queue: 'sales' })
      .dial('DialEnd', 'in', 'agent', { DialStatus: 'CANCEL' })
      .on('Hangup', 'agent', { Cause: '16' })
      .on('Hangup', 'in', { Cause: '16' });
    const { records, events } = run(s);
    expect(records[0]).toMatchObject({
      direction: 'in',
      from: '+79031234567',
      disposition: 'abandoned',
      answeredBy: null,
      queue: 'sales',
      extensions: ['101'],
    });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'call.ringing_stopped', extension: '101', reason: 'cancelled' }),
    );
  });

  it('merges the consultation call of a phone-initiated attended transfer into the transferred call', () => {
    const s = new Script()
      .channel('in', 'PJSIP/trunk-00000001', { num: '79161234567', exten: '74950000000', state: '4' })
      .channel('a', 'PJSIP/201-00000002', { linkedid: 'in', num: '201' })
      .dial('DialBegin', 'in', 'a', { DialString: '201' })
      .wait(3)
      .dial('DialEnd', 'in', 'a', { DialStatus: 'ANSWER' })
      .on('BridgeEnter', 'a', { BridgeUniqueid: 'br-1' })
      .on('BridgeEnter', 'in', { BridgeUniqueid: 'br-1' })
      .wait(10)
      .channel('a2', 'PJSIP/201-00000003', { num: '201', exten: '202' })
      .channel('b', 'PJSIP/202-00000004', { linkedid: 'a2', num: '202' })
      .dial('DialBegin', 'a2', 'b', { DialString: '202' })
      .on('Newstate', 'b', { ChannelState: '5' })
      .wait(2)
      .dial('DialEnd', 'a2', 'b', { DialStatus: 'ANSWER' })
      .on('BridgeEnter', 'a2', { BridgeUniqueid: 'br-2' })
      .on('BridgeEnter', 'b', { BridgeUniqueid: 'br-2' })
      .wait(5)
      .on('BridgeLeave', 'a', { BridgeUniqueid: 'br-1' })
      .on('BridgeLeave', 'a2', { BridgeUniqueid: 'br-2' })
      .on('BridgeLeave', 'in', { BridgeUniqueid: 'br-1' })
      .on('BridgeEnter', 'in', { BridgeUniqueid: 'br-2' });
    s.ev('AttendedTransfer', {
      Result: 'Success',
      OrigTransfererChannel: 'PJSIP/201-00000002',
      OrigTransfererUniqueid: s.id('a'),
      SecondTransfererUniqueid: s.id('a2'),
      TransfereeUniqueid: s.id('in'),
      TransferTargetUniqueid: s.id('b'),
      DestType: 'Bridge',
      DestBridgeUniqueid: 'br-2',
    })
      .on('Hangup', 'a', { Cause: '16' })
      .on('Hangup', 'a2', { Cause: '16' })
      .relink('b', 'in')
      .wait(20)
      .on('Hangup', 'in', { Cause: '16' })
      .on('Hangup', 'b', { Cause: '16' });
    const { records, events } = run(s);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      direction: 'in',
      answeredBy: '201',
      disposition: 'answered',
      waitSeconds: 3,
      talkSeconds: 37,
      extensions: ['201', '202'],
      transfers: [{ kind: 'attended', from: '201', to: '202' }],
    });
    expect(events).toContainEqual(expect.objectContaining({ type: 'call.ended', mergedInto: records[0].callId }));
    // ELMA365 knows a card by its call: 202's consultation card closes in the consultation call and reopens in the
    // transferred one, where 201's card closes as 201 leaves; the merged call's end closes no card
    const consultation = events.find((e) => e.type === 'call.ended' && e.mergedInto !== null)?.callId;
    const card = (e: CallEvent): string =>
      `${e.callId === consultation ? 'consultation' : 'call'} ${cardStream([e])[0]}`;
    expect(events.map(card)).toEqual([
      'call call.ringing 201',
      'call call.answered 201',
      'consultation call.ringing 202',
      'consultation call.answered 202',
      'consultation call.left 202',
      'consultation call.ended null null',
      'call call.ringing 202',
      'call call.transfer_answered 202',
      'call call.left 201',
      'call call.ended 202 answered',
    ]);
  });

  it('calls an inbound call to an offline phone failed (no channel, only DIALSTATUS)', () => {
    const s = new Script()
      .channel('in', 'PJSIP/trunk-00000001', { num: '89161234567', exten: '74950000001', state: '4' })
      .on('VarSet', 'in', { Variable: 'DIALSTATUS', Value: 'CHANUNAVAIL' })
      .on('Hangup', 'in', { Cause: '34' });
    expect(run(s).records[0]).toMatchObject({ disposition: 'failed', extensions: [], answeredBy: null });
  });

  it('does not count an IVR or voicemail answering as answered, nor a hang-up there as abandoned', () => {
    const s = new Script()
      .channel('in', 'PJSIP/trunk-00000001', { num: '89161234567', exten: '74950000001', state: '4' })
      .on('Newstate', 'in', { ChannelState: '6' })
      .wait(25)
      .on('HangupRequest', 'in', { Cause: '16' })
      .on('Hangup', 'in', { Cause: '16' });
    expect(run(s).records[0]).toMatchObject({ disposition: 'no_answer', answeredBy: null, waitSeconds: null });
  });

  it('takes the extension and trunk patterns from the options, not from endpoint naming habits', () => {
    const s = new Script()
      .channel('ext', 'PJSIP/anna-00000001', { num: 'anna', exten: '89161234567' })
      .channel('out', 'PJSIP/777-00000002', { linkedid: 'ext' })
      .dial('DialBegin', 'ext', 'out', { DialString: '89161234567@777' })
      .wait(2)
      .dial('DialEnd', 'ext', 'out', { DialStatus: 'BUSY' })
      .on('Hangup', 'out', { Cause: '17' })
      .on('Hangup', 'ext', { Cause: '17' });
    const { records } = run(s, { internalExtensionPattern: /^[a-z]+$/, trunkEndpointPattern: /^\d+$/ });
    expect(records[0]).toMatchObject({ direction: 'out', from: 'anna', to: '+79161234567', disposition: 'busy' });
  });
  it('credits a call pickup to the phone that picked up, not to the one that rang', () => {
    const s = new Script()
      .channel('in', 'PJSIP/trunk-00000001', { num: '79161234567', exten: '74950000000', state: '4' })
      .channel('ringing', 'PJSIP/1001-00000002', { linkedid: 'in', num: '1001' })
      .dial('DialBegin', 'in', 'ringing', { DialString: '1001' })
      .on('Newstate', 'ringing', { ChannelState: '5' })
      .wait(4)
      .channel('picker', 'PJSIP/1003-00000003', { num: '1003', exten: '*8', state: '4' })
      .on('Newstate', 'picker', { ChannelState: '6' });
    s.ev('Pickup', { ...s.fields('picker'), TargetChannel: 'PJSIP/1001-00000002', TargetUniqueid: s.id('ringing') })
      .dial('DialEnd', 'in', 'ringing', { DialStatus: 'ANSWER' })
      .wait(10)
      .on('Hangup', 'picker', { Cause: '16' })
      .on('Hangup', 'ringing', { Cause: '16' })
      .on('Hangup', 'in', { Cause: '16' });
    const { records, events } = run(s);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ answeredBy: '1003', disposition: 'answered', extensions: ['1001', '1003'] });
    expect(events).toContainEqual(expect.objectContaining({ type: 'call.answered', extension: '1003' }));
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'call.ringing_stopped', extension: '1001', reason: 'answered_elsewhere' }),
    );
    // the picker's own call (no card) ends into this one; the picker never rang: its card opens as it answers, and
    // is the one the end closes
    expect(cardStream(events)).toEqual([
      'call.ringing 1001',
      'call.ended null null',
      'call.ringing 1003',
      'call.answered 1003',
      'call.ringing_stopped 1001 answered_elsewhere',
      'call.ended 1003 answered',
    ]);
  });
  it('ends, on reconcile after a reconnect, the calls whose channels Asterisk no longer has', () => {
    const s = new Script()
      .channel('in', 'PJSIP/trunk-00000001', { num: '79161234567', exten: '74950000000', state: '4' })
      .channel('a', 'PJSIP/101-00000002', { linkedid: 'in', num: '101' })
      .dial('DialBegin', 'in', 'a', { DialString: '101' })
      .wait(2)
      .dial('DialEnd', 'in', 'a', { DialStatus: 'ANSWER' })
      .channel('in2', 'PJSIP/trunk-00000003', { num: '79160000000', exten: '74950000000', state: '4' });
    const sut = new CallTracker({ pbxId: 'test' });
    const state = sut.createState();
    for (const e of s.events) sut.apply(state, e, 0);
    const lastTimestamp = state.lastEventAt;

    const events = sut.reconcile(state, new Set([s.id('in2')]), lastTimestamp, lastTimestamp + 30_000);

    const records = events.flatMap((e) => (e.type === 'call.finished' ? [e.record] : []));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ answeredBy: '101', disposition: 'answered', waitSeconds: 2, talkSeconds: 30 });
    expect(state.calls.size).toBe(1);
    expect(sut.reconcile(state, new Set([s.id('in2')]), lastTimestamp, lastTimestamp + 31_000)).toEqual([]);
    // a channel born after the snapshot is not in the list and must not be ended by it
    expect(sut.reconcile(state, new Set(), lastTimestamp - 1, lastTimestamp + 32_000)).toEqual([]);
  });
});

/** `type extension` per live event, the card stream as the tracker emits it. */
const cardStream = (events: CallEvent[]): string[] =>
  events.map((e) => {
    const extension = 'extension' in e ? ` ${e.extension}` : '';
    const detail =
      e.type === 'call.ringing_stopped' ? ` ${e.reason}` : e.type === 'call.ended' ? ` ${e.disposition}` : '';
    return `${e.type}${extension}${detail}`;
  });

describe('CallTracker card stream: a card (call, extension) opens once, is answered at most once, closes once', () => {
  it('closes each phone of a ring group nobody answers once, with why it stopped; the end closes no card again', () => {
    const s = new Script()
      .channel('in', 'PJSIP/trunk-00000001', { num: '79161234567', exten: '74950000000', state: '4' })
      .channel('a', 'PJSIP/1001-00000002', { linkedid: 'in', num: '1001' })
      .channel('b', 'PJSIP/1002-00000003', { linkedid: 'in', num: '1002' })
      .dial('DialBegin', 'in', 'a', { DialString: '1001' })
      .dial('DialBegin', 'in', 'b', { DialString: '1002' })
      .on('Newstate', 'a', { ChannelState: '5' })
      .on('Newstate', 'b', { ChannelState: '5' })
      .wait(20)
      .dial('DialEnd', 'in', 'a', { DialStatus: 'NOANSWER' })
      .dial('DialEnd', 'in', 'b', { DialStatus: 'NOANSWER' })
      .on('Hangup', 'a', { Cause: '19' })
      .on('Hangup', 'b', { Cause: '19' })
      .wait(5)
      .on('Hangup', 'in', { Cause: '16' });
    const { records, events } = run(s);
    expect(records[0]).toMatchObject({ disposition: 'no_answer', extensions: ['1001', '1002'] });
    expect(cardStream(events)).toEqual([
      'call.ringing 1001',
      'call.ringing 1002',
      'call.ringing_stopped 1001 no_answer',
      'call.ringing_stopped 1002 no_answer',
      'call.ended null no_answer',
    ]);
  });

  it("keeps the operator's click-to-call card open through a Local-channel Originate until the call ends, Answered", () => {
    const s = new Script()
      .channel('l1', 'Local/1001@from-internal-00000001;1', { exten: '1001' })
      .channel('l2', 'Local/1001@from-internal-00000001;2', { linkedid: 'l1', exten: '1001' })
      .dial('DialBegin', null, 'l1', { DialString: 'Local/1001@from-internal' })
      .channel('agent', 'PJSIP/1001-00000002', { linkedid: 'l1', num: '1001' })
      .dial('DialBegin', 'l2', 'agent', { DialString: '1001' })
      .on('Newstate', 'agent', { ChannelState: '5' })
      .dial('DialState', 'l2', 'agent', { DialStatus: 'RINGING' })
      .wait(3)
      .on('Newstate', 'agent', { ChannelState: '6' })
      .dial('DialEnd', 'l2', 'agent', { DialStatus: 'ANSWER' })
      .dial('DialEnd', null, 'l1', { DialStatus: 'ANSWER' })
      .channel('out', 'PJSIP/mts-00000003', { linkedid: 'l1' })
      .dial('DialBegin', 'l1', 'out', { DialString: 'mts/89161234567' })
      .wait(4)
      .dial('DialEnd', 'l1', 'out', { DialStatus: 'ANSWER' })
      .wait(30)
      .on('Hangup', 'out', { Cause: '16' })
      .on('Hangup', 'l1', { Cause: '16' })
      .on('Hangup', 'l2', { Cause: '16' })
      .on('Hangup', 'agent', { Cause: '16' });
    s.events.splice(
      s.events.findIndex((e) => e.get('Channel') === 'PJSIP/mts-00000003') + 2,
      0,
      AmiMessage.of({ Event: 'OriginateResponse', Response: 'Success', Uniqueid: s.id('l1'), Exten: '89161234567' }),
    );
    const { records, events } = run(s);
    expect(records[0]).toMatchObject({ direction: 'out', from: '1001', answeredBy: '1001', disposition: 'answered' });
    expect(cardStream(events)).toEqual(['call.ringing 1001', 'call.answered 1001', 'call.ended 1001 answered']);
  });

  it('opens no card for an Originate the operator never answers, and so closes none', () => {
    const s = new Script()
      .channel('agent', 'PJSIP/1003-00000001', { num: '1003', exten: '89161234567' })
      .dial('DialBegin', null, 'agent', { DialString: 'PJSIP/1003' })
      .on('Newstate', 'agent', { ChannelState: '5' })
      .wait(15)
      .on('Hangup', 'agent', { Cause: '19' });
    s.ev('OriginateResponse', {
      Response: 'Failure',
      Channel: 'PJSIP/1003',
      Uniqueid: '<unknown>',
      Exten: '89161234567',
    });
    const { records, events } = run(s);
    expect(records[0]).toMatchObject({ disposition: 'failed' });
    expect(cardStream(events)).toEqual(['call.ended null failed']);
  });

  it('opens no card for a call to a DID that leads nowhere, and so closes none', () => {
    const s = new Script()
      .channel('in', 'PJSIP/trunk-00000001', { num: '79161234567', exten: '74950000009', state: '4' })
      .wait(1)
      .on('Hangup', 'in', { Cause: '1' });
    const { records, events } = run(s);
    expect(records[0]).toMatchObject({ disposition: 'failed', extensions: [] });
    expect(cardStream(events)).toEqual(['call.ended null failed']);
  });

  it("gives a blind transfer's target its own card and closes the transferring operator's, Answered, as they leave", () => {
    const s = new Script()
      .channel('in', 'PJSIP/trunk-00000001', { num: '79161234567', exten: '74950000000', state: '4' })
      .channel('a', 'PJSIP/1001-00000002', { linkedid: 'in', num: '1001' })
      .dial('DialBegin', 'in', 'a', { DialString: '1001' })
      .on('Newstate', 'a', { ChannelState: '5' })
      .wait(2)
      .dial('DialEnd', 'in', 'a', { DialStatus: 'ANSWER' })
      .on('BridgeEnter', 'a', { BridgeUniqueid: 'br-1' })
      .on('BridgeEnter', 'in', { BridgeUniqueid: 'br-1' })
      .wait(5);
    s.ev('BlindTransfer', {
      Result: 'Success',
      TransfererUniqueid: s.id('a'),
      TransfereeUniqueid: s.id('in'),
      Extension: '1002',
    })
      .on('BridgeLeave', 'in', { BridgeUniqueid: 'br-1' })
      .on('BridgeLeave', 'a', { BridgeUniqueid: 'br-1' })
      .on('Hangup', 'a', { Cause: '16' })
      .channel('b', 'PJSIP/1002-00000003', { linkedid: 'in', num: '1002' })
      .dial('DialBegin', 'in', 'b', { DialString: '1002' })
      .on('Newstate', 'b', { ChannelState: '5' })
      .wait(3)
      .dial('DialEnd', 'in', 'b', { DialStatus: 'ANSWER' })
      .wait(20)
      .on('Hangup', 'in', { Cause: '16' })
      .on('Hangup', 'b', { Cause: '16' });
    const { records, events } = run(s);
    // the record keeps the first answer: 1001 took the call, 1002 got it by transfer
    expect(records[0]).toMatchObject({ answeredBy: '1001', transfers: [{ kind: 'blind', from: '1001', to: '1002' }] });
    expect(cardStream(events)).toEqual([
      'call.ringing 1001',
      'call.answered 1001',
      'call.left 1001',
      'call.ringing 1002',
      'call.transfer_answered 1002',
      'call.ended 1002 answered',
    ]);
  });

  it("closes a transfer target's card with why it stopped ringing when it does not answer, not as answered elsewhere", () => {
    const s = new Script()
      .channel('in', 'PJSIP/trunk-00000001', { num: '79161234567', exten: '74950000000', state: '4' })
      .channel('a', 'PJSIP/1001-00000002', { linkedid: 'in', num: '1001' })
      .dial('DialBegin', 'in', 'a', { DialString: '1001' })
      .wait(2)
      .dial('DialEnd', 'in', 'a', { DialStatus: 'ANSWER' });
    s.ev('BlindTransfer', {
      Result: 'Success',
      TransfererUniqueid: s.id('a'),
      TransfereeUniqueid: s.id('in'),
      Extension: '1002',
    })
      .on('Hangup', 'a', { Cause: '16' })
      .channel('b', 'PJSIP/1002-00000003', { linkedid: 'in', num: '1002' })
      .dial('DialBegin', 'in', 'b', { DialString: '1002' })
      .on('Newstate', 'b', { ChannelState: '5' })
      .wait(15)
      .dial('DialEnd', 'in', 'b', { DialStatus: 'NOANSWER' })
      .on('Hangup', 'b', { Cause: '19' })
      .on('Hangup', 'in', { Cause: '16' });
    expect(cardStream(run(s).events)).toEqual([
      'call.ringing 1001',
      'call.answered 1001',
      'call.left 1001',
      'call.ringing 1002',
      'call.ringing_stopped 1002 no_answer',
      'call.ended null answered',
    ]);
  });
});
