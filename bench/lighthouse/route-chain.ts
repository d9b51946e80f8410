/**
 * What the patient's «Консультации» needs before its first paint, read from the build's own
 * metafile (`npx ng build --stats-json`): each lazy step of the chain (registry + shell, the
 * module's routes, the page), the chunks it adds (its static-import closure minus what is
 * already loaded), raw and brotli. Every step waits for the one before it to arrive and run,
 * unless something fetches it earlier.
 *
 *   node --import tsx bench/lighthouse/route-chain.ts [dist/pwa]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

interface Output {
  bytes: number;
  entryPoint?: string;
  imports: { path: string; kind: string }[];
}

const dist = process.argv[2] ?? 'dist/pwa';
const outputs = (JSON.parse(readFileSync(join(dist, 'stats.json'), 'utf8')) as { outputs: Record<string, Output> }).outputs;
const browser = join(dist, 'browser');

/** The chunk file and its static imports, transitively. */
function closure(file: string, into = new Set<string>()): Set<string> {
  if (into.has(file)) return into;
  into.add(file);
  for (const imported of outputs[file]?.imports ?? []) if (imported.kind === 'import-statement') closure(imported.path, into);
  return into;
}

function chunkOf(source: string): string {
  const found = Object.entries(outputs).find(([, output]) => output.entryPoint === source);
  if (!found) throw new Error(`no chunk for ${source}`);
  return found[0];
}

const brotli = (file: string) => brotliCompressSync(new Uint8Array(readFileSync(join(browser, file.replace(/^.*\//, '')))), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kB = (n: number) => (n / 1000).toFixed(1);

const steps: [string, string[]][] = [
  ['start (index.html)', [chunkOf('pwa/src/main.ts')]],
  ['registry + shell (after the session is restored)', [chunkOf('modules/registry.ts'), chunkOf('pwa/src/app/shell/shell-layout.component.ts')]],
  ['consultations routes', [chunkOf('modules/consultations/ui/routes.ts')]],
  ['patient «Консультации» page', [chunkOf('modules/consultations/ui/patient/consultations.page.ts')]],
];

const loaded = new Set<string>();
let totalRaw = 0;
let totalBrotli = 0;
for (const [name, entries] of steps) {
  const added = new Set<string>();
  for (const entry of entries) for (const file of closure(entry)) if (!loaded.has(file)) added.add(file);
  const files = [...added].map((file) => ({ file: file.replace(/^.*\//, ''), raw: outputs[file]!.bytes, br: brotli(file) })).sort((a, b) => b.raw - a.raw);
  const raw = files.reduce((s, f) => s + f.raw, 0);
  const br = files.reduce((s, f) => s + f.br, 0);
  totalRaw += raw;
  totalBrotli += br;
  console.log(`${name}: ${files.length} chunks, ${kB(raw)} kB raw / ${kB(br)} kB brotli`);
  for (const f of files.filter((f) => f.raw > 5000)) console.log(`    ${f.file} ${kB(f.raw)} / ${kB(f.br)}`);
  for (const file of added) loaded.add(file);
}
console.log(`total before the page can draw: ${kB(totalRaw)} kB raw / ${kB(totalBrotli)} kB brotli`);
