// The server's own tests and the pure domain tests, against the real embedded store.
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { testFiles } from './node-test-files.mjs';
import { runNodeSuite } from './run-node-suite.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function runServerTests() {
  return runNodeSuite({ name: 'server', cwd: ROOT, concurrency: 2, files: testFiles(ROOT, ['sync-server/test', 'modules']) });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runServerTests();
  console.log(`${result.passed} passed, ${result.failed} failed`);
  process.exit(result.failed || result.crashed ? 1 : 0);
}
