// `npm test`: every runner (server + domain, Karma, e2e), then one total over all of them as the
// last line, alone: `N passed, N failed[, N skipped]`. Exits non-zero if anything failed or a
// runner could not run at all (a crashed runner counts as one failure: it must never look green).
import { spawnSync } from 'node:child_process';
import { ROOT, runServerTests } from './run-server-tests.mjs';
import { runKarma } from './run-karma.mjs';
import { runE2e } from './run-e2e.mjs';
import { ensureChromium } from './ensure-chromium.mjs';

const started = Date.now();
const results = [];

async function stage(name, run) {
  console.log(`\n=== ${name} ===`);
  try {
    results.push(await run());
  } catch (error) {
    console.error(`[test] ${name} could not run: ${error?.stack ?? error}`);
    results.push({ name, passed: 0, failed: 0, skipped: 0, crashed: true });
  }
}

/** The build that ships (`npm run build`): ng build, the start's preload and compile hints, the precompressed copies, the start-up weight check. */
function build() {
  console.log('\n=== build (PWA for e2e, as `npm run build`) ===');
  const steps = [
    ['ng build', [`${ROOT}/node_modules/@angular/cli/bin/ng.js`, 'build']],
    ['start preload', [`${ROOT}/scripts/write-start-preload.mjs`]],
    ['compile hints', [`${ROOT}/scripts/compile-hints.mjs`]],
    ['precompress', [`${ROOT}/scripts/precompress.mjs`]],
    ['initial weight check', [`${ROOT}/scripts/check-initial-weight.mjs`]],
  ];
  for (const [name, args] of steps) {
    const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NG_CLI_ANALYTICS: 'false' } });
    if (result.status !== 0) throw new Error(`${name} failed`);
  }
}

ensureChromium();
await stage('server and domain tests', runServerTests);
await stage('Angular unit tests (Karma)', runKarma);
await stage('end-to-end journeys (Chromium)', async () => { build(); return runE2e(); });

console.log('\n=== summary ===');
for (const r of results) {
  console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}${r.crashed ? ' (runner failed)' : ''}`);
}
const sum = (key) => results.reduce((total, r) => total + r[key], 0);
const crashed = results.filter((r) => r.crashed).length;
const passed = sum('passed');
const failed = sum('failed') + crashed;
const skipped = sum('skipped');
console.log(`took ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
