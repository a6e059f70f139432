import { type AmiFrame, AmiFrameParser, type AmiFrameParserOptions, type AmiHeader } from '@app/ami';
import { formatAmiBlock } from '@app/pbx-simulator';
import { loadTrace } from '@app/testing';

/** mulberry32: a seeded PRNG, so a failing case reproduces from the seed in its message */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEFAULTS = { maxLineBytes: 64 * 1024, maxMessageBytes: 4 * 1024 * 1024 };
const TINY = { maxLineBytes: 200, maxMessageBytes: 2000 };
/** what AmiFrameParser documents for bufferedBytes */
const bufferBound = (o: Required<AmiFrameParserOptions>): number => o.maxMessageBytes + o.maxLineBytes + 1;
/** ends whatever the garbage left open: its last line, then a block or a skipped one */
const RESYNC = '\r\n\r\n';

/** Real blocks of the recorded traces (Cyrillic names included), each tagged so it can be found again. */
const GOOD_BLOCKS: AmiHeader[][] = ['01-inbound-answered', '10-internal-call', '12-attended-transfer'].flatMap((name) =>
  new AmiFrameParser()
    .push(loadTrace(name).bytes)
    .flatMap((f) => (f.kind === 'message' && f.message.event !== undefined ? [[...f.message.headers]] : [])),
);

type Garbage = (random: () => number) => Buffer;

const randomBytes: Garbage = (random) =>
  Buffer.from(Array.from({ length: 1 + Math.floor(random() * 3000) }, () => Math.floor(random() * 256)));

const malformedFrame: Garbage = (random) => {
  const lines = ['no colon at all', ': empty name', 'Event', 'Key:value', '\0\0\0: nul', 'A:\r\r\rB', ' X: lead'];
  return Buffer.from(Array.from({ length: 1 + Math.floor(random() * 8) }, () => pick(random, lines)).join('\r\n'));
};

const invalidUtf8: Garbage = (random) =>
  Buffer.concat([
    Buffer.from('Event: Broken\r\nCallerIDName: '),
    Buffer.from([0xd0, 0xff, 0xfe, 0xc3, 0x80, 0xbf, 0xed, 0xa0, 0x80].slice(0, 1 + Math.floor(random() * 9))),
    Buffer.from('\r\nUniqueid: 1.2'),
  ]);

const longLine: Garbage = (random) =>
  Buffer.concat([Buffer.from('Event: Huge\r\nX: '), Buffer.alloc(1024 * 1024 + Math.floor(random() * 1000), 'z')]);

const crFlood: Garbage = (random) => Buffer.alloc(70_000 + Math.floor(random() * 1000), '\r');

const legacyOutput: Garbage = (random) =>
  Buffer.from(
    `Response: Follows\r\nPrivilege: Command\r\n${'line\n\n'.repeat(Math.floor(random() * 50))}--END COMMAND--`,
  );

const GARBAGE = [randomBytes, malformedFrame, invalidUtf8, longLine, crFlood, legacyOutput];

/** whether the parser may keep this block: every line and the block within the limits */
function fits(headers: readonly AmiHeader[], options: Required<AmiFrameParserOptions>): boolean {
  const linesOk = headers.every(([name, value]) => Buffer.byteLength(`${name}: ${value}`) <= options.maxLineBytes);
  return linesOk && Buffer.byteLength(formatAmiBlock(headers)) - 2 <= options.maxMessageBytes;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** Good blocks with garbage (then RESYNC) between them; the good ones carry `FuzzSeq: n`. */
function fuzzStream(random: () => number, blocks: number): { stream: Buffer; good: AmiHeader[][] } {
  const parts: Buffer[] = [Buffer.from('Asterisk Call Manager/11.0.0\r\n')];
  const good: AmiHeader[][] = [];
  for (let n = 0; n < blocks; n++) {
    if (random() < 0.4) parts.push(pick(random, GARBAGE)(random), Buffer.from(RESYNC));
    const headers: AmiHeader[] = [...pick(random, GOOD_BLOCKS), ['FuzzSeq', String(n)]];
    good.push(headers);
    parts.push(Buffer.from(formatAmiBlock(headers)));
  }
  return { stream: Buffer.concat(parts), good };
}

/** Feeds the stream in random chunks (runs of single bytes too); checks the buffer bound after every push. */
function parseInRandomChunks(
  stream: Buffer,
  random: () => number,
  options: Required<AmiFrameParserOptions>,
): { frames: AmiFrame[]; maxBuffered: number } {
  const sut = new AmiFrameParser(options);
  const frames: AmiFrame[] = [];
  let maxBuffered = 0;
  for (let at = 0; at < stream.length;) {
    const size = random() < 0.1 ? 1 : 1 + Math.floor(random() * (random() < 0.5 ? 64 : 16_384));
    frames.push(...sut.push(stream.subarray(at, at + size)));
    maxBuffered = Math.max(maxBuffered, sut.bufferedBytes);
    at += size;
  }
  return { frames, maxBuffered };
}

const SEEDS = Array.from({ length: 24 }, (_, i) => 0x5eed + i * 7919);

describe('AmiFrameParser under fuzz (seeded: a failure names its seed)', () => {
  it.each([
    ['default limits', DEFAULTS],
    ['tiny limits', TINY],
  ] as const)(
    '%s: never throws, keeps every good block intact after garbage, and its buffer within the bound',
    (_name, options) => {
      const problems: string[] = [];
      for (const seed of SEEDS) {
        const random = prng(seed);
        const { stream, good } = fuzzStream(random, 60);
        let result: ReturnType<typeof parseInRandomChunks>;
        try {
          result = parseInRandomChunks(stream, random, options);
        } catch (error) {
          problems.push(`seed ${seed}: threw ${(error as Error).message}`);
          continue;
        }
        const found = result.frames.flatMap((f) =>
          f.kind === 'message' && f.message.has('FuzzSeq') ? [[...f.message.headers]] : [],
        );
        const fitting = good.filter((headers) => fits(headers, options));
        if (JSON.stringify(found) !== JSON.stringify(fitting)) {
          const missing = fitting.filter((h) => !found.some((f) => JSON.stringify(f) === JSON.stringify(h)));
          problems.push(
            `seed ${seed}: ${found.length} of ${fitting.length} good blocks intact, missing ${missing.length}`,
          );
        }
        if (result.maxBuffered > bufferBound(options)) {
          problems.push(`seed ${seed}: buffered ${result.maxBuffered} bytes > ${bufferBound(options)}`);
        }
      }
      expect(problems).toEqual([]);
    },
    60_000,
  );

  it('keeps the buffer and the heap flat under 64 MB of one line that never ends', () => {
    const sut = new AmiFrameParser();
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    sut.push(Buffer.from('Event: Endless\r\nX: '));
    const before = process.memoryUsage();
    let maxBuffered = 0;
    const errors: string[] = [];
    for (let i = 0; i < 64; i++) {
      for (const f of sut.push(chunk)) if (f.kind === 'error') errors.push(f.error.code);
      maxBuffered = Math.max(maxBuffered, sut.bufferedBytes);
    }
    const after = process.memoryUsage();
    expect(errors).toEqual(['AMI_LINE_TOO_LONG']);
    expect(maxBuffered).toBeLessThanOrEqual(DEFAULTS.maxLineBytes);
    // external + array buffers: what the parser could have kept of the 64 MB (it keeps nothing once it skips)
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(16 * 1024 * 1024);
    const frames = sut.push(Buffer.from('\r\n\r\nEvent: After\r\nValue: ok\r\n\r\n'));
    expect(frames.flatMap((f) => (f.kind === 'message' ? [f.message.get('Value')] : []))).toEqual(['ok']);
  });

  it('bounds a legacy command output of nothing but blank lines, and goes on after it', () => {
    const limits = { maxLineBytes: 64 * 1024, maxMessageBytes: 1024 * 1024 };
    const sut = new AmiFrameParser(limits);
    const blank = Buffer.alloc(64 * 1024, '\n');
    const frames: AmiFrame[] = sut.push(Buffer.from('Response: Follows\r\nPrivilege: Command\r\n'));
    let maxBuffered = 0;
    // 2 MB of blank lines, twice the block limit: each blank line looks at the line before it only
    for (let i = 0; i < 32; i++) {
      frames.push(...sut.push(blank));
      maxBuffered = Math.max(maxBuffered, sut.bufferedBytes);
    }
    frames.push(...sut.push(Buffer.from('Event: After\r\nValue: ok\r\n\r\n')));
    expect(maxBuffered).toBeLessThanOrEqual(bufferBound(limits));
    expect(frames.flatMap((f) => (f.kind === 'error' ? [f.error.code] : []))).toEqual(['AMI_MESSAGE_TOO_LONG']);
    expect(frames.flatMap((f) => (f.kind === 'message' ? [f.message.get('Value')] : []))).toEqual(['ok']);
  });
});
