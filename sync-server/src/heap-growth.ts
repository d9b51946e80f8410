import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what survived the last full collection, in percent.
 *
 * Why: thousands of waiting devices woken by one change allocate a few hundred MB of short-lived
 * objects (requests, answers, the change rows) that live for the seconds of the fan-out, so they
 * survive the young collections. V8 then grows the old space up to 4× what is really kept
 * (measured: ~130 MB kept, heap 500–600 MB, RSS +490 MB over four rounds with 2,000 devices) and
 * keeps the pages. At 30 % the heap stays near what is kept (bench/README.md, `bench:live`:
 * RSS growth and the CPU per round with and without it).
 */
export const HEAP_GROWING_PERCENT = 30;

/**
 * Caps the heap's growth factor for this process (see HEAP_GROWING_PERCENT), unless the operator
 * chose one (`--heap-growing-percent` in the node flags or NODE_OPTIONS). V8 reads the flag at
 * every full collection, so setting it at start-up takes effect.
 */
export function boundHeapGrowth(): void {
  const chosen = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].some((flag) => flag.includes('heap-growing-percent'));
  if (!chosen) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
