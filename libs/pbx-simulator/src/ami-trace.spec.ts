import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadTrace, loadTraceTimeline } from './ami-trace';
import { listTraceNames, recordedTracesDir, traceAmiPath, TracesDirectoryError } from './trace-directory';

describe('recorded traces', () => {
  const dir = recordedTracesDir();

  it('are found in fixtures/ami-traces of the repository, sorted by name', () => {
    const names = listTraceNames();
    expect(dir.endsWith(path.join('fixtures', 'ami-traces'))).toBe(true);
    expect(names[0]).toBe('00-login');
    expect(names).toEqual([...names].sort());
  });

  it.each(['01', '01-inbound-answered', '01-inbound-answered.ami', path.join(dir, '01-inbound-answered.ami')])(
    'resolves %s to its .ami file',
    (name) => {
      expect(traceAmiPath(name)).toBe(path.join(dir, '01-inbound-answered.ami'));
    },
  );

  it('says which trace is missing, and which directory', () => {
    expect(() => traceAmiPath('99')).toThrow(new TracesDirectoryError(`trace "99" not found in ${dir} (0 candidates)`));
    const empty = mkdtempSync(path.join(tmpdir(), 'traces-'));
    rmSync(empty, { recursive: true });
    expect(() => traceAmiPath('01', empty)).toThrow(
      expect.objectContaining({
        name: 'TracesDirectoryError',
        message: expect.stringContaining(`${empty} does not exist`),
      }),
    );
  });

  it('loads a trace with its recorded sessions, or one session over the whole file', () => {
    const sut = loadTrace('15');
    expect(sut.name).toBe('15-reconnect');
    expect(sut.sessions.map((s) => s.session)).toEqual([1, 2]);
    expect(sut.sessions[1].endByte).toBe(sut.bytes.length);
    const single = loadTrace('01');
    expect(single.sessions).toEqual([{ session: 1, startByte: 0, endByte: single.bytes.length }]);
  });

  it('maps the timed blocks of the .jsonl onto the bytes of the .ami', () => {
    const trace = loadTrace('17');
    const sut = loadTraceTimeline(trace.amiPath);
    expect(sut[0].startByte).toBe(0);
    expect(sut.at(-1)?.endByte).toBe(trace.bytes.length);
    expect(sut.every((block, i) => i === 0 || block.startByte === sut[i - 1].endByte)).toBe(true);
    expect(sut.every((block, i) => i === 0 || block.atMs >= sut[i - 1].atMs)).toBe(true);
    expect(readFileSync(trace.amiPath).equals(trace.bytes)).toBe(true);
  });
});
