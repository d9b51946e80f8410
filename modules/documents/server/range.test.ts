import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contentDisposition, parseRange } from './range';

describe('parseRange', () => {
  it('reads one range of bytes, clamped to the file', () => {
    assert.deepEqual(parseRange('bytes=0-9', 100), { kind: 'partial', range: { start: 0, end: 9 } });
    assert.deepEqual(parseRange('bytes=90-', 100), { kind: 'partial', range: { start: 90, end: 99 } });
    assert.deepEqual(parseRange('bytes=-10', 100), { kind: 'partial', range: { start: 90, end: 99 } });
    assert.deepEqual(parseRange('bytes=-500', 100), { kind: 'partial', range: { start: 0, end: 99 } });
    assert.deepEqual(parseRange('bytes=50-5000', 100), { kind: 'partial', range: { start: 50, end: 99 } });
  });
  it('answers the whole file for no header, other units, several ranges or nonsense', () => {
    for (const header of [undefined, 'items=0-1', 'bytes=0-1,4-5', 'bytes=abc', 'bytes=-', 'bytes=9-3']) {
      assert.deepEqual(parseRange(header, 100), { kind: 'full' }, String(header));
    }
  });
  it('a range starting past the end is unsatisfiable', () => {
    assert.deepEqual(parseRange('bytes=100-', 100), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRange('bytes=-0', 100), { kind: 'unsatisfiable' });
  });
});

describe('contentDisposition', () => {
  it('keeps a Cyrillic name exactly (RFC 5987) with an ASCII fallback', () => {
    const header = contentDisposition('МРТ "колено" (2).pdf');
    assert.equal(header, `inline; filename="___ ________ (2).pdf"; filename*=UTF-8''%D0%9C%D0%A0%D0%A2%20%22%D0%BA%D0%BE%D0%BB%D0%B5%D0%BD%D0%BE%22%20%282%29.pdf`);
    assert.equal(decodeURIComponent(header.split("UTF-8''")[1]!), 'МРТ "колено" (2).pdf');
  });
});
