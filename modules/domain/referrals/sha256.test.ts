import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sha256Hex } from './sha256';

test('sha256Hex agrees with node:crypto (padding edges, Cyrillic)', () => {
  for (const text of ['', 'abc', 'Иванова Мария Петровна', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'ё'.repeat(500)]) {
    assert.equal(sha256Hex(text), createHash('sha256').update(text).digest('hex'));
  }
});
