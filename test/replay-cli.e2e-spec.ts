import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { CallRecord } from '@app/calls';
import { compareWithTruth } from './support/call-truth';
import { callTraces } from './support/recorded-traces';

const ROOT = resolve(__dirname, '..');

function npmReplay(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('npm', ['run', 'replay', '--', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run replay', () => {
  const traces = callTraces();
  const burst = traces.find((t) => t.name.startsWith('14-'));
  const reconnect = traces.find((t) => t.name.startsWith('15-'));

  it.each([
    ['14 (concurrent burst)', burst, '7'],
    ['15 (two sessions)', reconnect, '1'],
  ])('prints only JSON call records for trace %s at --chunk-size %s', (_label, trace, chunk) => {
    if (!trace) throw new Error('trace missing from fixtures/ami-traces');
    const { status, stdout } = npmReplay([trace.ami, '--chunk-size', chunk]);
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    const records = lines.map((line) => JSON.parse(line) as CallRecord);
    expect(compareWithTruth(records, trace.truth)).toEqual([]);
  });

  it('adds the live events with --events, each with a type', () => {
    const trace = traces.find((t) => t.name.startsWith('01-'));
    if (!trace) throw new Error('trace 01 missing');
    const { status, stdout } = npmReplay([trace.ami, '--events']);
    expect(status).toBe(0);
    const types = stdout
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { type?: string }).type ?? 'record');
    // Asterisk reports the losing leg's Hangup (cause 26) before the winner's DialEnd: the stop may come first.
    expect([...types].sort()).toEqual(
      ['call.answered', 'call.ended', 'call.ringing', 'call.ringing', 'call.ringing_stopped', 'record'].sort(),
    );
    expect(types.slice(0, 2)).toEqual(['call.ringing', 'call.ringing']);
    expect(types.slice(-2)).toEqual(['call.ended', 'record']);
  });

  it('refuses a bad chunk size with a clear message and nothing on stdout', () => {
    const { status, stdout, stderr } = npmReplay(['whatever.ami', '--chunk-size', '0']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('--chunk-size must be a whole number from 1 up');
  });

  it('says which file it cannot read', () => {
    const { status, stdout, stderr } = npmReplay(['/nonexistent/trace.ami']);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('cannot read /nonexistent/trace.ami');
  });
});
