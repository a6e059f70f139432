import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AmiFrame, AmiFrameParser } from './ami-frame-parser';
import { AmiProtocolErrorCode } from './ami-protocol.exception';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const TRACES_DIR = path.resolve(REPO_ROOT, 'fixtures/ami-traces');
const TRACE_NAMES = [
  '00-login',
  '01-inbound-answered',
  '02-inbound-answered-agent-hangs-up',
  '03-inbound-missed',
  '04-inbound-abandoned',
  '05-inbound-busy',
  '06-outbound-answered',
  '07-outbound-failed',
  '08-originate-click-to-call',
  '09-originate-failed',
  '10-internal-call',
  '11-blind-transfer',
  '12-attended-transfer',
  '13-queue-answered',
  '14-concurrent-burst',
  '15-reconnect',
  '16-login-failed',
  '17-originate-bad-params',
];
const CHUNK_SIZES = [1, 2, 3, 7, 64, 1460, 65536];
const EVERY_SPLIT_TRACES = ['00-login', '01-inbound-answered', '08-originate-click-to-call', '15-reconnect'];

function readTrace(name: string): Buffer {
  return readFileSync(path.join(TRACES_DIR, `${name}.ami`));
}

/** A comparable, order-preserving text per frame (error samples depend on chunking, codes do not). */
function frameText(frame: AmiFrame): string {
  switch (frame.kind) {
    case 'banner':
      return `banner ${frame.text}`;
    case 'message':
      return `message ${JSON.stringify(frame.message.headers)}`;
    case 'error':
      return `error ${frame.error.code}`;
  }
}

function parseInChunks(bytes: Buffer, chunkSize: number): string[] {
  const sut = new AmiFrameParser();
  const out: string[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) {
    for (const frame of sut.push(bytes.subarray(at, at + chunkSize))) out.push(frameText(frame));
  }
  expect(sut.bufferedBytes).toBe(0);
  return out;
}

function parseWhole(bytes: Buffer): string[] {
  return new AmiFrameParser().push(bytes).map(frameText);
}

function messages(frames: AmiFrame[]) {
  return frames.flatMap((f) => (f.kind === 'message' ? [f.message] : []));
}

function errors(frames: AmiFrame[]) {
  return frames.flatMap((f) => (f.kind === 'error' ? [f.error] : []));
}

/**
 * Byte offsets where a block (or the banner line) ends. The parser holds nothing at
 * those points, which is what lets the every-split test check each split point on the
 * blocks around it instead of re-parsing the whole trace 70 000 times.
 */
function blockBoundaries(bytes: Buffer): number[] {
  const boundaries = [0];
  let lineStart = 0;
  let blockStart = 0;
  for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, lineStart)) {
    const line = bytes.toString('latin1', lineStart, nl).replace(/\r$/, '');
    const isBanner = lineStart === blockStart && !line.includes(':');
    lineStart = nl + 1;
    if (line === '' || isBanner) {
      boundaries.push(lineStart);
      blockStart = lineStart;
    }
  }
  return boundaries;
}

describe('AmiFrameParser', () => {
  describe('recorded traces', () => {
    it('covers every trace in the shared directory', () => {
      const onDisk = readdirSync(TRACES_DIR)
        .filter((f) => f.endsWith('.ami'))
        .map((f) => f.slice(0, -4))
        .sort();
      expect(onDisk).toEqual(TRACE_NAMES);
    });

    describe.each(TRACE_NAMES)('%s', (name) => {
      const bytes = readTrace(name);
      const whole = parseWhole(bytes);

      it('parses without errors and ends on a block boundary', () => {
        const sut = new AmiFrameParser();
        const frames = sut.push(bytes);
        expect(errors(frames)).toEqual([]);
        expect(frames[0]).toEqual({ kind: 'banner', text: 'Asterisk Call Manager/11.0.0' });
        expect(sut.bufferedBytes).toBe(0);
      });

      it.each(CHUNK_SIZES)('gives the same frames in chunks of %i bytes', (size) => {
        expect(parseInChunks(bytes, size)).toEqual(whole);
      });
    });

    it('finds the event counts of INDEX.md', () => {
      const count = (name: string) =>
        messages(new AmiFrameParser().push(readTrace(name))).filter((m) => m.event !== undefined).length;
      expect(count('00-login')).toBe(2);
      expect(count('01-inbound-answered')).toBe(134);
      expect(count('08-originate-click-to-call')).toBe(138);
      expect(count('14-concurrent-burst')).toBe(1968);
      expect(count('15-reconnect')).toBe(124);
      expect(count('16-login-failed')).toBe(0);
    });

    describe.each(EVERY_SPLIT_TRACES)('%s split in two at every byte', (name) => {
      const bytes = readTrace(name);
      const boundaries = blockBoundaries(bytes);

      it('holds nothing at the block boundaries used below', () => {
        const sut = new AmiFrameParser();
        for (let i = 1; i < boundaries.length; i++) {
          sut.push(bytes.subarray(boundaries[i - 1], boundaries[i]));
          expect(sut.bufferedBytes).toBe(0);
        }
        expect(boundaries[boundaries.length - 1]).toBe(bytes.length);
      });

      it('gives identical frames for every split point', () => {
        // window = previous block + the block holding the split + the next block
        let mismatches = 0;
        let checked = 0;
        for (let b = 1; b < boundaries.length; b++) {
          const from = boundaries[Math.max(0, b - 2)];
          const to = boundaries[Math.min(boundaries.length - 1, b + 1)];
          const window = bytes.subarray(from, to);
          const expected = parseWhole(window).join('\n');
          for (let split = boundaries[b - 1]; split < boundaries[b]; split++) {
            const sut = new AmiFrameParser();
            const at = split - from;
            const got = [...sut.push(window.subarray(0, at)), ...sut.push(window.subarray(at))].map(frameText);
            checked++;
            if (got.join('\n') !== expected || sut.bufferedBytes !== 0) mismatches++;
          }
        }
        expect(checked).toBe(bytes.length);
        expect(mismatches).toBe(0);
      });
    });

    it('00-login split in two at every byte, re-parsing the whole trace each time', () => {
      const bytes = readTrace('00-login');
      const expected = parseWhole(bytes).join('\n');
      let mismatches = 0;
      for (let split = 0; split <= bytes.length; split++) {
        const sut = new AmiFrameParser();
        const got = [...sut.push(bytes.subarray(0, split)), ...sut.push(bytes.subarray(split))].map(frameText);
        if (got.join('\n') !== expected) mismatches++;
      }
      expect(mismatches).toBe(0);
    });
  });

  describe('content', () => {
    let sut: AmiFrameParser;

    beforeEach(() => {
      sut = new AmiFrameParser();
    });

    it('keeps a Cyrillic CallerIDName split inside a multi-byte character', () => {
      const block = Buffer.from('Event: Newchannel\r\nCallerIDName: Иван Петров\r\nCallerIDNum: 1002\r\n\r\n', 'utf8');
      const split = block.indexOf(Buffer.from('в', 'utf8')) + 1; // between the two bytes of 'в'
      const frames = [...sut.push(block.subarray(0, split)), ...sut.push(block.subarray(split))];
      expect(messages(frames)[0].get('CallerIDName')).toBe('Иван Петров');
    });

    it('keeps the Cyrillic caller id of the recorded traces at chunk size 1', () => {
      const found = (name: string) => {
        const bytes = readTrace(name);
        const parser = new AmiFrameParser();
        const all: AmiFrame[] = [];
        for (let i = 0; i < bytes.length; i++) all.push(...parser.push(bytes.subarray(i, i + 1)));
        return messages(all);
      };
      expect(found('01-inbound-answered').some((m) => m.get('CallerIDName') === 'Иван Петров')).toBe(true);
      const output = found('00-login').flatMap((m) => m.getAll('Output'));
      expect(output).toContain(' callerid                           : "Иван Петров" <1002>');
    });

    it('keeps repeated ChanVariable and Output headers in wire order', () => {
      const frames = sut.push(
        Buffer.from(
          'Event: Newchannel\r\nChanVariable: CALL_DIRECTION=in\r\nLinkedid: 1.0\r\nChanVariable: CRM_ID=\r\n\r\n' +
            'Response: Success\r\nActionID: cmd-2\r\nMessage: Command output follows\r\nOutput: \r\n' +
            'Output:  Endpoint:  <Endpoint/CID>\r\nOutput:     I/OAuth:  <AuthId>\r\n\r\n',
        ),
      );
      const [event, response] = messages(frames);
      expect(event.getAll('ChanVariable')).toEqual(['CALL_DIRECTION=in', 'CRM_ID=']);
      expect(event.headers.map(([n]) => n)).toEqual(['Event', 'ChanVariable', 'Linkedid', 'ChanVariable']);
      expect(event.channelVariables()).toEqual({ CALL_DIRECTION: 'in', CRM_ID: '' });
      expect(response.getAll('Output')).toEqual(['', ' Endpoint:  <Endpoint/CID>', '    I/OAuth:  <AuthId>']);
    });

    it('reads ChanVariable(<channel>) of an OriginateResponse and classifies it as an event', () => {
      const frames = sut.push(
        Buffer.from(
          'Event: OriginateResponse\r\nPrivilege: call,all\r\nActionID: crm-c2c-0001\r\nResponse: Success\r\n' +
            'Channel: PJSIP/1001-00000013\r\nChanVariable(PJSIP/1001-00000013): CALL_DIRECTION=\r\n' +
            'ChanVariable(PJSIP/1001-00000013): CRM_ID=deal-4242\r\n\r\n',
        ),
      );
      const [message] = messages(frames);
      expect(message.event).toBe('OriginateResponse');
      expect(message.response).toBeUndefined();
      expect(message.get('Response')).toBe('Success');
      expect(message.actionId).toBe('crm-c2c-0001');
      expect(message.channelVariables()).toEqual({ CALL_DIRECTION: '', CRM_ID: 'deal-4242' });
    });

    it('finds the OriginateResponse of trace 08 with its CRM_ID', () => {
      const found = messages(sut.push(readTrace('08-originate-click-to-call'))).filter(
        (m) => m.event === 'OriginateResponse',
      );
      expect(found).toHaveLength(1);
      expect(found[0].channelVariables().CRM_ID).toBe('deal-4242');
      expect(found[0].get('CallerIDName')).toBe('Клиент ООО Вектор');
    });

    it('keeps values with colons, leading spaces and empty values intact', () => {
      const [m] = messages(
        sut.push(
          Buffer.from(
            'Response: Success\r\nSystemName: \r\nOutput:    Transport:  <TransportId>  <Type>\r\n' +
              'RemoteAddress: IPV4/TCP/127.0.0.1:5038\r\nEventTV: 2026-11-26T05:59:28.667+0000\r\nNoSpace:x\r\n\r\n',
          ),
        ),
      );
      expect(m.get('SystemName')).toBe('');
      expect(m.has('SystemName')).toBe(true);
      expect(m.get('Output')).toBe('   Transport:  <TransportId>  <Type>');
      expect(m.get('RemoteAddress')).toBe('IPV4/TCP/127.0.0.1:5038');
      expect(m.get('EventTV')).toBe('2026-11-26T05:59:28.667+0000');
      expect(m.get('NoSpace')).toBe('x');
      expect(m.response).toBe('Success');
    });

    it('reports the banner, also a second one mid-stream (trace 15)', () => {
      const bytes = readTrace('15-reconnect');
      const banners = sut.push(bytes).filter((f) => f.kind === 'banner');
      expect(banners).toEqual([
        { kind: 'banner', text: 'Asterisk Call Manager/11.0.0' },
        { kind: 'banner', text: 'Asterisk Call Manager/11.0.0' },
      ]);
    });

    it('reports a banner split across chunks and then the first block', () => {
      const frames = [
        ...sut.push(Buffer.from('Asterisk Call Man')),
        ...sut.push(Buffer.from('ager/11.0.0\r')),
        ...sut.push(Buffer.from('\nResponse: Success\r\nMessage: Authentication accepted\r\n\r\n')),
      ];
      expect(frames[0]).toEqual({ kind: 'banner', text: 'Asterisk Call Manager/11.0.0' });
      expect(messages(frames)[0].response).toBe('Success');
    });

    it('turns legacy Response: Follows command output into Output headers', () => {
      const frames = sut.push(
        Buffer.from(
          'Response: Follows\r\nPrivilege: Command\r\nActionID: cmd-1\r\n' +
            'Asterisk 1.8.32 built by root\nsecond line: with colon\n--END COMMAND--\r\n\r\n' +
            'Event: FullyBooted\r\n\r\n',
        ),
      );
      const [response, event] = messages(frames);
      expect(response.get('Response')).toBe('Follows');
      expect(response.actionId).toBe('cmd-1');
      expect(response.getAll('Output')).toEqual(['Asterisk 1.8.32 built by root', 'second line: with colon']);
      expect(event.event).toBe('FullyBooted');
      expect(errors(frames)).toEqual([]);
    });

    it('keeps a blank line inside legacy command output, in any chunking', () => {
      const bytes = Buffer.from(
        'Response: Follows\r\nPrivilege: Command\r\nActionID: cmd-2\r\n' +
          'line one\n\nline three\n--END COMMAND--\r\n\r\nEvent: FullyBooted\r\n\r\n',
      );
      for (const size of [1, 2, 5, bytes.length]) {
        const parser = new AmiFrameParser();
        const frames: AmiFrame[] = [];
        for (let at = 0; at < bytes.length; at += size) frames.push(...parser.push(bytes.subarray(at, at + size)));
        const [response, event] = messages(frames);
        expect(response.getAll('Output')).toEqual(['line one', '', 'line three']);
        expect(event.event).toBe('FullyBooted');
      }
    });
  });

  describe('limits and damage', () => {
    const maxLineBytes = 64 * 1024;
    let sut: AmiFrameParser;

    beforeEach(() => {
      sut = new AmiFrameParser({ maxLineBytes, maxMessageBytes: 256 * 1024 });
    });

    it('skips a 1 MB line with one LineTooLong error, buffering no more than a line', () => {
      const huge = Buffer.concat([
        Buffer.from('Event: Before\r\n\r\nX-Junk: '),
        Buffer.alloc(1024 * 1024, 'a'),
        Buffer.from('\r\nMore: junk\r\n\r\nEvent: After\r\nValue: ok\r\n\r\n'),
      ]);
      const frames: AmiFrame[] = [];
      let maxBuffered = 0;
      for (let at = 0; at < huge.length; at += 1460) {
        frames.push(...sut.push(huge.subarray(at, at + 1460)));
        maxBuffered = Math.max(maxBuffered, sut.bufferedBytes);
      }
      expect(errors(frames).map((e) => e.code)).toEqual([AmiProtocolErrorCode.LineTooLong]);
      expect(messages(frames).map((m) => m.event)).toEqual(['Before', 'After']);
      expect(messages(frames)[1].get('Value')).toBe('ok');
      expect(maxBuffered).toBeLessThanOrEqual(maxLineBytes);
      expect(sut.bufferedBytes).toBe(0);
    });

    it('skips a 1 MB line that arrives whole', () => {
      const frames = sut.push(
        Buffer.concat([
          Buffer.from('Event: Junk\r\nX: '),
          Buffer.alloc(1024 * 1024, 'b'),
          Buffer.from('\r\n\r\nEvent: After\r\n\r\n'),
        ]),
      );
      expect(errors(frames).map((e) => e.code)).toEqual([AmiProtocolErrorCode.LineTooLong]);
      expect(messages(frames).map((m) => m.event)).toEqual(['After']);
    });

    it('skips an oversized block with MessageTooLong and parses the next one', () => {
      const line = `ChanVariable: X=${'c'.repeat(1000)}\r\n`;
      const block = `Event: Big\r\n${line.repeat(300)}\r\n`;
      const bytes = Buffer.from(`${block}Event: After\r\n\r\n`);
      const frames: AmiFrame[] = [];
      let maxBuffered = 0;
      for (let at = 0; at < bytes.length; at += 1460) {
        frames.push(...sut.push(bytes.subarray(at, at + 1460)));
        maxBuffered = Math.max(maxBuffered, sut.bufferedBytes);
      }
      expect(errors(frames).map((e) => e.code)).toEqual([AmiProtocolErrorCode.MessageTooLong]);
      expect(messages(frames).map((m) => m.event)).toEqual(['After']);
      expect(maxBuffered).toBeLessThanOrEqual(256 * 1024 + maxLineBytes + 1);
    });

    it('reports a line without a colon as MalformedLine and keeps the rest of the block', () => {
      const frames = sut.push(Buffer.from('Event: Hangup\r\nthis line has no colon\r\nCause: 16\r\n\r\n'));
      expect(errors(frames).map((e) => e.code)).toEqual([AmiProtocolErrorCode.MalformedLine]);
      expect(errors(frames)[0].sample).toBe('this line has no colon');
      const [m] = messages(frames);
      expect(m.event).toBe('Hangup');
      expect(m.get('Cause')).toBe('16');
    });

    it('does not throw on invalid UTF-8', () => {
      const bytes = Buffer.concat([
        Buffer.from('Event: Newchannel\r\nCallerIDName: '),
        Buffer.from([0xd0, 0xff, 0xfe, 0xc3]),
        Buffer.from('\r\nCallerIDNum: 1001\r\n\r\n'),
      ]);
      let frames: AmiFrame[] = [];
      expect(() => {
        frames = sut.push(bytes);
      }).not.toThrow();
      const [m] = messages(frames);
      expect(m.get('CallerIDName')).toContain('\ufffd');
      expect(m.get('CallerIDNum')).toBe('1001');
    });

    it('counts CR bytes against the line limit (a CR flood is not buffered)', () => {
      const frames: AmiFrame[] = [];
      let maxBuffered = 0;
      for (let i = 0; i < 100; i++) {
        frames.push(...sut.push(Buffer.alloc(1460, '\r')));
        maxBuffered = Math.max(maxBuffered, sut.bufferedBytes);
      }
      frames.push(...sut.push(Buffer.from('\n\r\nEvent: After\r\n\r\n')));
      expect(maxBuffered).toBeLessThanOrEqual(maxLineBytes);
      expect(errors(frames).map((e) => e.code)).toEqual([AmiProtocolErrorCode.LineTooLong]);
      expect(messages(frames).map((m) => m.event)).toEqual(['After']);
    });

    it('counts the blank lines of legacy command output against the block limit (a flood of them is not kept)', () => {
      const frames: AmiFrame[] = sut.push(Buffer.from('Response: Follows\r\nPrivilege: Command\r\n'));
      let maxBuffered = 0;
      for (let i = 0; i < 400; i++) {
        frames.push(...sut.push(Buffer.alloc(1460, '\n')));
        maxBuffered = Math.max(maxBuffered, sut.bufferedBytes);
      }
      frames.push(...sut.push(Buffer.from('Event: After\r\n\r\n')));
      expect(maxBuffered).toBeLessThanOrEqual(256 * 1024 + maxLineBytes + 1);
      expect(errors(frames).map((e) => e.code)).toEqual([AmiProtocolErrorCode.MessageTooLong]);
      expect(messages(frames).map((m) => m.event)).toEqual(['After']);
    });

    it('ends legacy command output at --END COMMAND-- on the line before the blank line', () => {
      const frames = sut.push(
        Buffer.from(
          'Response: Follows\r\nActionID: 7\r\nfirst\n\nlast\n--END COMMAND--\r\n\r\n' +
            'Response: Follows\r\nActionID: 8\r\n\n--END COMMAND--\r\n\r\n',
        ),
      );
      expect(errors(frames)).toEqual([]);
      expect(messages(frames).map((m) => [m.actionId, m.getAll('Output')])).toEqual([
        ['7', ['first', '', 'last']],
        ['8', ['']],
      ]);
    });

    it('gives the same verdicts near the limits wherever the chunks end', () => {
      const limits = { maxLineBytes: 40, maxMessageBytes: 120 };
      const block = (body: string) => `Event: E\r\n${body}\r\n`;
      // 10 + 3 * 30 + 20 = 120 bytes before the blank line, every line under the line limit
      const exactBlock = `Event: X\r\n${`A: ${'a'.repeat(25)}\r\n`.repeat(3)}B: ${'b'.repeat(15)}\r\n\r\n`;
      const input = Buffer.from(
        [
          block(`L: ${'x'.repeat(40 - 3)}\r\n`), // line of exactly the limit
          block(`L: ${'x'.repeat(40 - 2)}\r\n`), // one byte over
          block(`C: ${'\r'.repeat(60)}x\r\n`), // CRs inside a line count
          exactBlock, // block of exactly the limit
          exactBlock.replace('B: b', 'B: bb'), // one byte over
          block(`M: ${'y'.repeat(30)}\r\n`.repeat(5)), // block over the limit, lines fine
          'Response: Follows\r\nActionID: c\r\nout\n\nput\n--END COMMAND--\r\n\r\n',
          'no colon here\r\nEvent: F\r\n\r\n',
          block('Last: yes\r\n'),
        ].join(''),
      );
      const verdict = (frames: AmiFrame[]) => frames.map(frameText).join('\n');
      const expected = verdict(new AmiFrameParser(limits).push(input));
      expect(expected).toContain(AmiProtocolErrorCode.LineTooLong);
      expect(expected.split(AmiProtocolErrorCode.MessageTooLong)).toHaveLength(3);
      expect(expected).toContain('"Event","X"');
      let mismatches = 0;
      for (let split = 0; split <= input.length; split++) {
        const parser = new AmiFrameParser(limits);
        const got = [...parser.push(input.subarray(0, split)), ...parser.push(input.subarray(split))];
        if (verdict(got) !== expected) mismatches++;
      }
      for (const size of [1, 2, 3, 5, 7, 11]) {
        const parser = new AmiFrameParser(limits);
        const got: AmiFrame[] = [];
        for (let at = 0; at < input.length; at += size) got.push(...parser.push(input.subarray(at, at + size)));
        if (verdict(got) !== expected) mismatches++;
      }
      expect(mismatches).toBe(0);
    });

    it('accepts bare LF line endings and extra blank lines between blocks', () => {
      const frames = sut.push(Buffer.from('Event: A\nX: 1\n\n\r\n\r\nEvent: B\r\n\r\n'));
      expect(messages(frames).map((m) => m.event)).toEqual(['A', 'B']);
      expect(errors(frames)).toEqual([]);
    });

    it('forgets a partial block on reset()', () => {
      sut.push(Buffer.from('Event: Cut\r\nChannel: PJSIP/10'));
      expect(sut.bufferedBytes).toBeGreaterThan(0);
      sut.reset();
      expect(sut.bufferedBytes).toBe(0);
      const frames = sut.push(Buffer.from('Asterisk Call Manager/11.0.0\r\nResponse: Success\r\n\r\n'));
      expect(frames[0]).toEqual({ kind: 'banner', text: 'Asterisk Call Manager/11.0.0' });
      expect(messages(frames)[0].response).toBe('Success');
    });
  });
});
