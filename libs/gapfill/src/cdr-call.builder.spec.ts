import { cdrRowsToCallRecords } from './cdr-call.builder';
import { cdrRow } from './testing/cdr-rows';

const OPTIONS = { pbxId: 'office', internalExtensionPattern: /^\d{2,6}$/, defaultRegion: 'RU' };
const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);

describe('cdrRowsToCallRecords', () => {
  it('groups rows by linkedid, whatever their order in the file, under the id the tracker gives (<pbxId>:<linkedid>)', () => {
    const rows = [
      cdrRow({ linkedId: 'B', uniqueId: 'B', channel: 'PJSIP/mts-2', startMs: T0 + 5000, sequence: 3 }),
      cdrRow({ linkedId: 'A', uniqueId: 'A', channel: 'PJSIP/mts-1', sequence: 1 }),
      cdrRow({ linkedId: 'B', uniqueId: 'B', channel: 'PJSIP/mts-2', startMs: T0 + 5000, sequence: 4 }),
    ];

    const sut = cdrRowsToCallRecords(rows, OPTIONS);

    expect(sut.map((r) => [r.callId, r.pbxId, r.linkedid])).toEqual([
      ['office:A', 'office', 'A'],
      ['office:B', 'office', 'B'],
    ]);
  });

  it('takes the caller from the linkedid owner row even when a consultation row comes first', () => {
    const rows = [
      cdrRow({ uniqueId: 'L.2', channel: 'PJSIP/1001-2', destinationChannel: 'PJSIP/1002-3', startMs: T0 - 1000 }),
      cdrRow({ uniqueId: 'L', linkedId: 'L', channel: 'PJSIP/mts-1' }),
    ].map((r) => ({ ...r, linkedId: 'L' }));

    const [sut] = cdrRowsToCallRecords(rows, OPTIONS);

    expect(sut.direction).toBe('in');
    expect(sut.from).toBe('+79161234567');
  });

  it('reads a ring group: the phone whose row is ANSWERED answered, every phone rang, times from the rows', () => {
    const rows = [
      cdrRow({ destinationChannel: 'PJSIP/1001-2', disposition: 'NO ANSWER', answerMs: null, sequence: 1 }),
      cdrRow({ destinationChannel: 'PJSIP/1002-3', sequence: 2 }),
    ];

    const [sut] = cdrRowsToCallRecords(rows, OPTIONS);

    expect(sut).toMatchObject({
      direction: 'in',
      from: '+79161234567',
      to: '+74951234567',
      answeredBy: '1002',
      disposition: 'answered',
      startedAt: '2026-11-26T10:00:00.000Z',
      answeredAt: '2026-11-26T10:00:03.000Z',
      endedAt: '2026-11-26T10:00:10.000Z',
      waitSeconds: 3,
      talkSeconds: 7,
      extensions: ['1001', '1002'],
      transfers: [],
      hangupCause: null,
    });
    expect(sut.legs.map((l) => [l.channel, l.party, l.dialStatus])).toEqual([
      ['PJSIP/1001-2', '1001', 'NOANSWER'],
      ['PJSIP/1002-3', '1002', 'ANSWER'],
    ]);
  });

  it('does not count an IVR answering the caller (ANSWERED without a party B) as an answer', () => {
    const rows = [cdrRow({ destinationChannel: '', lastApplication: 'Playback', lastData: 'welcome' })];

    const [sut] = cdrRowsToCallRecords(rows, OPTIONS);

    expect(sut.disposition).toBe('no_answer');
    expect(sut.answeredBy).toBeNull();
    expect(sut.talkSeconds).toBeNull();
  });

  it.each([
    ['the caller hung up before the ring timeout', { duration: 4 }, [], 'abandoned'],
    ['the ring timeout elapsed', { duration: 20 }, [], 'no_answer'],
    [
      'the dialplan went on after the Dial',
      { duration: 4 },
      [{ lastApplication: 'Hangup', lastData: '19' }],
      'no_answer',
    ],
  ])('an unanswered ring: %s', (_case, dial, after, expected) => {
    const ringing = cdrRow({ disposition: 'NO ANSWER', answerMs: null, endMs: T0 + 4000, ...dial });
    const rest = after.map((r, i) =>
      cdrRow({
        ...r,
        destinationChannel: '',
        disposition: 'NO ANSWER',
        answerMs: null,
        startMs: T0 + 20_000,
        sequence: 5 + i,
      }),
    );

    const [sut] = cdrRowsToCallRecords([ringing, ...rest], OPTIONS);

    expect(sut.disposition).toBe(expected);
  });

  it.each([
    ['BUSY', 'busy'],
    ['CONGESTION', 'failed'],
    ['FAILED', 'failed'],
  ])('a leg that ended %s makes the call %s', (status, expected) => {
    const rows = [cdrRow({ disposition: status, answerMs: null, duration: 0 })];

    expect(cdrRowsToCallRecords(rows, OPTIONS)[0].disposition).toBe(expected);
  });

  it('reads an outbound call: the trunk number from Dial() data, answered by the calling extension', () => {
    const rows = [
      cdrRow({
        source: '74951234567',
        destination: 's',
        channel: 'PJSIP/1001-1',
        destinationChannel: 'PJSIP/mts-trunk-2',
        lastData: 'PJSIP/89161234567@mts-trunk,60',
      }),
    ];

    const [sut] = cdrRowsToCallRecords(rows, OPTIONS);

    expect(sut).toMatchObject({ direction: 'out', from: '1001', to: '+79161234567', answeredBy: '1001' });
  });

  it('reads an Originate the agent never answered as failed, to the number the connector showed the agent', () => {
    const rows = [
      cdrRow({
        source: '89161234567',
        destination: 's',
        channel: 'PJSIP/1003-1',
        destinationChannel: '',
        lastApplication: 'AppDial2',
        lastData: '(Outgoing Line)',
        disposition: 'NO ANSWER',
        answerMs: null,
      }),
    ];

    const [sut] = cdrRowsToCallRecords(rows, OPTIONS);

    expect(sut).toMatchObject({ direction: 'out', from: '1003', to: '+79161234567', disposition: 'failed' });
  });

  it('follows a Local channel to the phone its other half dialled', () => {
    const rows = [
      cdrRow({ destinationChannel: 'Local/600@groups-00000001;1', sequence: 1 }),
      cdrRow({
        uniqueId: 'X.3',
        channel: 'Local/600@groups-00000001;2',
        destinationChannel: 'PJSIP/1007-4',
        startMs: T0 + 1000,
        answerMs: T0 + 4000,
        sequence: 2,
      }),
    ];

    const [sut] = cdrRowsToCallRecords(rows, OPTIONS);

    expect(sut.answeredBy).toBe('1007');
    expect(sut.answeredAt).toBe('2026-11-26T10:00:04.000Z');
    expect(sut.extensions).toEqual(['1007']);
    expect(sut.legs.map((l) => l.channel)).toEqual(['PJSIP/1007-4']);
  });

  it('sees a transfer when another phone answers the caller later: attended when the first one dialled it', () => {
    const caller = { channel: 'PJSIP/mts-1' };
    const blind = [
      cdrRow({ ...caller, destinationChannel: 'PJSIP/1001-2', sequence: 1 }),
      cdrRow({ ...caller, destinationChannel: 'PJSIP/1002-3', startMs: T0 + 5000, answerMs: T0 + 7000, sequence: 2 }),
    ];
    const consultation = cdrRow({
      uniqueId: 'X.4',
      channel: 'PJSIP/1001-2',
      destinationChannel: 'PJSIP/1002-3',
      lastApplication: 'AppDial',
      startMs: T0 + 4000,
      sequence: 3,
    });

    expect(cdrRowsToCallRecords(blind, OPTIONS)[0].transfers).toEqual([
      { kind: 'blind', from: '1001', to: '1002', at: '2026-11-26T10:00:05.000Z' },
    ]);
    expect(cdrRowsToCallRecords([...blind, consultation], OPTIONS)[0].transfers.map((t) => t.kind)).toEqual([
      'attended',
    ]);
  });

  it('takes the queue from Queue() data and the recording from a userfield naming an audio file', () => {
    const rows = [
      cdrRow({ lastApplication: 'Queue', lastData: 'support,tT,,,60', userField: '/var/spool/asterisk/monitor/x.wav' }),
    ];

    const [sut] = cdrRowsToCallRecords(rows, OPTIONS);

    expect(sut.queue).toBe('support');
    expect(sut.recording).toBe('/var/spool/asterisk/monitor/x.wav');
    expect(cdrRowsToCallRecords([cdrRow({ userField: 'did:74951234567' })], OPTIONS)[0].recording).toBeNull();
  });

  it('classifies endpoints with the same patterns as the tracker', () => {
    const rows = [
      cdrRow({ channel: 'PJSIP/anna-1', destinationChannel: 'PJSIP/boris-2', source: 'anna', destination: 'boris' }),
    ];
    const named = { ...OPTIONS, internalExtensionPattern: /^(anna|boris)$/ };

    expect(cdrRowsToCallRecords(rows, named)[0]).toMatchObject({
      direction: 'internal',
      from: 'anna',
      to: 'boris',
      answeredBy: 'boris',
    });
    expect(cdrRowsToCallRecords(rows, OPTIONS)[0].direction).toBe('in');
  });
});
