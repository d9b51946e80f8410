/**
 * Where a server child spent its CPU: reads a V8 .cpuprofile (from `BENCH_CPU_PROFILE_DIR=…
 * npm run bench:sync`) and prints self time by package/file and the top functions.
 *   node --import tsx bench/sync/profile-summary.ts <file.cpuprofile> [top]
 */
import { readCpuProfile } from './cpu-profile';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: profile-summary.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = readCpuProfile(file);
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

function area(url: string): string {
  if (!url) return '(native/VM)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return url;
  const repo = url.indexOf('/work/main/');
  return repo >= 0 ? url.slice(repo + '/work/main/'.length) : url;
}

const byArea = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  const { functionName, url, lineNumber } = node.callFrame;
  if (functionName === '(idle)' || functionName === '(program)') continue;
  total += us;
  const key = functionName === '(garbage collector)' ? '(garbage collector)' : area(url);
  byArea.set(key, (byArea.get(key) ?? 0) + us);
  const fn = `${functionName || '(anonymous)'}  ${area(url)}:${lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
}

const ms = (us: number): string => (us / 1000).toFixed(0).padStart(7);
const pct = (us: number): string => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
console.log(`${file}\nbusy ${ms(total)} ms of ${ms(profile.endTime - profile.startTime)} ms wall (idle and (program) excluded)\n`);
console.log('self time by package / file');
for (const [key, us] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)} ms ${pct(us)}  ${key}`);
console.log('\ntop functions (self time)');
for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)} ms ${pct(us)}  ${key}`);
