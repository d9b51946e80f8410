// Runs a node:test suite with tsx, the human-readable spec reporter on the terminal and a TAP copy
// we read the totals from.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function runNodeSuite({ name, files, cwd, concurrency, env = {} }) {
  if (files.length === 0) return { name, passed: 0, failed: 0, skipped: 0, crashed: false };
  const tapFile = join(mkdtempSync(join(tmpdir(), `oblako-${name}-`)), 'report.tap');
  const args = [
    '--import', 'tsx', '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
  ];
  if (concurrency) args.push(`--test-concurrency=${concurrency}`);
  args.push(...files);
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (exitCode, signal) => resolve(signal ? 1 : exitCode ?? 1));
  });
  const tap = readFileSync(tapFile, 'utf8');
  const total = (key) => Number((tap.match(new RegExp(`^# ${key} (\\d+)`, 'm')) ?? [])[1] ?? 0);
  const counts = { passed: total('pass'), failed: total('fail') + total('cancelled'), skipped: total('skipped') + total('todo') };
  return { name, ...counts, crashed: code !== 0 && counts.failed === 0 };
}
