import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what survived the last full collection, in percent.
 *
 * Why: thousands of waiting devices woken by one change allocate a few hundred MB of objects
 * (requests, answers, the change rows) that live for the seconds of the fan-out, so they survive
 * the young collections. V8's own factor then grows the old space to ~4× what is really kept
 * (~130 MB kept, heap 500–600 MB: RSS +470 MB over the rounds with 2,000 devices) and keeps the
 * pages. A trade, measured with `npm run bench:live` (bench/README.md): at 50 % the growth was
 * +188 MB for ~20 % more server CPU per fan-out round (more full collections); at 30 %, +153 MB
 * for ~35 % more. An operator may choose otherwise with `--heap-growing-percent` in NODE_OPTIONS.
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Caps the heap's growth factor for this process (see HEAP_GROWING_PERCENT), unless the operator
 * chose one (`--heap-growing-percent` in the node flags or NODE_OPTIONS). V8 reads the flag at
 * every full collection, so setting it at start-up takes effect.
 */
export function boundHeapGrowth(): void {
  const chosen = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].some((flag) => flag.includes('heap-growing-percent'));
  if (!chosen) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
