// Finds the test files of one node:test suite (server + pure domain, or e2e journeys).
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SKIP = new Set(['node_modules', 'dist', '.angular', 'data', '.git']);

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

export function testFiles(root, dirs) {
  return dirs.flatMap((dir) => walk(join(root, dir), [])).map((file) => relative(root, file)).sort();
}
