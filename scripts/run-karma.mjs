// Angular unit tests: Karma + Jasmine in Debian's headless Chromium. Karma prints
// "Executed N of M (F FAILED) (skipped S)"; we read the totals from its last such line.
import { spawn } from 'node:child_process';
import { ROOT } from './run-server-tests.mjs';
import { ensureChromium } from './ensure-chromium.mjs';

export async function runKarma() {
  const chromium = ensureChromium();
  let output = '';
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [`${ROOT}/node_modules/@angular/cli/bin/ng.js`, 'test', '--watch=false', '--no-progress'], {
      cwd: ROOT, env: { ...process.env, CHROME_BIN: chromium, NG_CLI_ANALYTICS: 'false' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tee = (stream, sink) => stream.on('data', (chunk) => { output += chunk; sink.write(chunk); });
    tee(child.stdout, process.stdout);
    tee(child.stderr, process.stderr);
    child.on('exit', (exitCode, signal) => resolve(signal ? 1 : exitCode ?? 1));
  });
  // Karma colours its counts (ANSI escapes between "Executed … of …" and "(N FAILED)").
  const plain = output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
  const runs = [...plain.matchAll(/Executed (\d+) of (\d+)(?: \((\d+) FAILED\))?(?: \(skipped (\d+)\))?/g)];
  const last = runs.at(-1);
  if (!last) return { name: 'karma', passed: 0, failed: 0, skipped: 0, crashed: true };
  const executed = Number(last[1]);
  const failed = Number(last[3] ?? 0);
  const skipped = Number(last[4] ?? 0);
  return { name: 'karma', passed: executed - failed, failed, skipped, crashed: code !== 0 && failed === 0 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runKarma();
  console.log(`${result.passed} passed, ${result.failed} failed`);
  process.exit(result.failed || result.crashed ? 1 : 0);
}
