import { AmiFrameParser, AmiMessage } from '@app/ami';
import { ChannelTable, loadTrace } from '@app/pbx-simulator';

function messagesOf(bytes: Buffer): AmiMessage[] {
  return new AmiFrameParser().push(bytes).flatMap((f) => (f.kind === 'message' ? [f.message] : []));
}

/** The items as AmiLiveServer answers CoreShowChannels: the stream's clock, the ActionID after the Event line. */
function listItems(table: ChannelTable, actionId: string): AmiMessage[] {
  return table
    .coreShowChannels(table.nowMs)
    .map((item) => new AmiMessage([item[0], ['ActionID', actionId], ...item.slice(1)]));
}

describe('ChannelTable over recorded traces (as the live AMI server keeps it)', () => {
  it('lists after session 1 of trace 15 what Asterisk itself listed on the reconnect (but the Duration)', () => {
    const trace = loadTrace('15-reconnect');
    const [first, second] = trace.sessions;
    const sut = new ChannelTable();
    for (const m of messagesOf(trace.bytes.subarray(first.startByte, first.endByte))) sut.apply(m.headers, sut.nowMs);

    const recorded = messagesOf(trace.bytes.subarray(second.startByte, second.endByte)).filter(
      (m) => m.event === 'CoreShowChannel',
    );
    const compared = ['Channel', 'ChannelState', 'CallerIDNum', 'Context', 'Exten', 'Priority', 'Uniqueid'];
    const fields = (m: AmiMessage) =>
      Object.fromEntries(
        [...compared, 'Linkedid', 'Application', 'ApplicationData', 'BridgeId'].map((h) => [h, m.get(h)]),
      );
    const listed = listItems(sut, 'resync-channels-1');
    expect(listed.map(fields)).toEqual(recorded.map(fields));
    expect(sut.uniqueids.sort()).toEqual(recorded.map((m) => m.get('Uniqueid')).sort());
    // the table's clock is the stream's: its last event came 2 s into the call; Asterisk answered 5 s later (7 s)
    expect(listed.map((m) => m.get('Duration'))).toEqual(['00:00:02', '00:00:02']);
    expect(recorded.map((m) => m.get('Duration'))).toEqual(['00:00:07', '00:00:07']);
  });

  it('forgets a channel at its Hangup and follows its bridge', () => {
    const sut = new ChannelTable();
    const ch = { Channel: 'PJSIP/1001-00000001', Uniqueid: '1.1', Linkedid: '1.1' };
    const apply = (fields: Record<string, string>) => sut.apply(AmiMessage.of(fields).headers, sut.nowMs);
    apply({ Event: 'Newchannel', Timestamp: '100.000000', ...ch, ChannelState: '4' });
    apply({ Event: 'BridgeEnter', Timestamp: '101.000000', ...ch, BridgeUniqueid: 'b-1' });
    expect(listItems(sut, 'a').map((item) => item.get('BridgeId'))).toEqual(['b-1']);
    apply({ Event: 'BridgeLeave', Timestamp: '102.000000', ...ch, BridgeUniqueid: 'b-1' });
    expect(listItems(sut, 'a')[0].get('BridgeId')).toBe('');
    apply({ Event: 'Hangup', Timestamp: '103.000000', ...ch });
    expect(sut.size).toBe(0);
  });
});
