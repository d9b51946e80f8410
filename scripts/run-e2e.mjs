// End-to-end journeys: playwright-core drives Debian's Chromium against the built PWA served by
// the real server. Each journey file starts its own server on a free port with a fresh data dir.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './run-server-tests.mjs';
import { ensureChromium } from './ensure-chromium.mjs';
import { testFiles } from './node-test-files.mjs';
import { runNodeSuite } from './run-node-suite.mjs';

export async function runE2e() {
  const chromium = ensureChromium();
  if (!existsSync(join(ROOT, 'dist/pwa/browser/index.html'))) {
    throw new Error('The PWA is not built: run `npm run build` first.');
  }
  return runNodeSuite({
    name: 'e2e', cwd: ROOT, concurrency: 1, files: testFiles(ROOT, ['e2e']),
    env: { CHROME_BIN: chromium },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runE2e();
  console.log(`${result.passed} passed, ${result.failed} failed`);
  process.exit(result.failed || result.crashed ? 1 : 0);
}
