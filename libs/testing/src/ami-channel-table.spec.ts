import { AmiFrameParser, AmiMessage } from '@app/ami';
import { AmiChannelTable } from './ami-channel-table';
import { loadTrace } from './ami-trace';

function messagesOf(bytes: Buffer): AmiMessage[] {
  return new AmiFrameParser().push(bytes).flatMap((f) => (f.kind === 'message' ? [f.message] : []));
}

describe('AmiChannelTable', () => {
  it('lists after session 1 of trace 15 what Asterisk itself listed on the reconnect (but the Duration)', () => {
    const trace = loadTrace('15-reconnect');
    const [first, second] = trace.sessions;
    const sut = new AmiChannelTable();
    for (const m of messagesOf(trace.bytes.subarray(first.startByte, first.endByte))) sut.apply(m);

    const recorded = messagesOf(trace.bytes.subarray(second.startByte, second.endByte)).filter(
      (m) => m.event === 'CoreShowChannel',
    );
    const compared = ['Channel', 'ChannelState', 'CallerIDNum', 'Context', 'Exten', 'Priority', 'Uniqueid'];
    const fields = (m: AmiMessage) =>
      Object.fromEntries(
        [...compared, 'Linkedid', 'Application', 'ApplicationData', 'BridgeId'].map((h) => [h, m.get(h)]),
      );
    const listed = sut.listItems('resync-channels-1').map((item) => new AmiMessage(item as [string, string][]));
    expect(listed.map(fields)).toEqual(recorded.map(fields));
    expect(sut.uniqueids.sort()).toEqual(recorded.map((m) => m.get('Uniqueid')).sort());
    // the table's clock is the stream's: its last event came 2 s into the call; Asterisk answered 5 s later (7 s)
    expect(listed.map((m) => m.get('Duration'))).toEqual(['00:00:02', '00:00:02']);
    expect(recorded.map((m) => m.get('Duration'))).toEqual(['00:00:07', '00:00:07']);
  });

  it('forgets a channel at its Hangup and follows its bridge', () => {
    const sut = new AmiChannelTable();
    const ch = { Channel: 'PJSIP/1001-00000001', Uniqueid: '1.1', Linkedid: '1.1' };
    sut.apply(AmiMessage.of({ Event: 'Newchannel', Timestamp: '100.000000', ...ch, ChannelState: '4' }));
    sut.apply(AmiMessage.of({ Event: 'BridgeEnter', Timestamp: '101.000000', ...ch, BridgeUniqueid: 'b-1' }));
    expect(sut.listItems('a').map((item) => new AmiMessage(item as [string, string][]).get('BridgeId'))).toEqual([
      'b-1',
    ]);
    sut.apply(AmiMessage.of({ Event: 'BridgeLeave', Timestamp: '102.000000', ...ch, BridgeUniqueid: 'b-1' }));
    expect(new AmiMessage(sut.listItems('a')[0] as [string, string][]).get('BridgeId')).toBe('');
    sut.apply(AmiMessage.of({ Event: 'Hangup', Timestamp: '103.000000', ...ch }));
    expect(sut.size).toBe(0);
  });
});
