/**
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [top]`: where a V8 CPU profile (node --cpu-prof) spent its
 * time, as self time per package (node_modules/<name>, node: internals, the connector's own apps/ and libs/) and
 * per function. What docs/benchmarks.md says of the worker's CPU comes from this.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** `node_modules/typeorm/...` -> `typeorm`; the connector's own files -> `apps/worker`, `libs/deliveries`... */
export function packageOf(url: string, functionName = ''): string {
  // V8's own entries: (idle), (program), (garbage collector), and native code without a script.
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const [first, second] = url.slice(modules + 'node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  const own = /\/(apps|libs)\/([^/]+)\//.exec(url);
  return own ? `${own[1]}/${own[2]}` : url;
}

export function summarize(profile: CpuProfile): { byPackage: Map<string, number>; byFunction: Map<string, number> } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    if (!node) return;
    const us = profile.timeDeltas[i] ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    const pkg = packageOf(url, functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${pkg}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  });
  return { byPackage, byFunction };
}

function main(): void {
  const [file, top = '25'] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  const { byPackage, byFunction } = summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const busy = [...byPackage].filter(([pkg]) => pkg !== '(idle)').reduce((sum, [, us]) => sum + us, 0);
  const rows = (m: Map<string, number>) =>
    [...m]
      .filter(([key]) => !key.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(top))
      .map(
        ([key, us]) =>
          `${((us / busy) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`,
      );
  console.log(`busy: ${(busy / 1000).toFixed(0)} ms of samples outside (idle)\n\nby package:`);
  console.log(rows(byPackage).join('\n'));
  console.log('\nby function (self time):');
  console.log(rows(byFunction).join('\n'));
}

if (require.main === module) main();
