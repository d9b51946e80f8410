/**
 * What the sync bench measures and how hard. One place, so the printed header and the README
 * cannot drift from what actually ran. Environment overrides exist for quick local tries
 * (`BENCH_RUNS=2 npm run bench:sync`); the figures in bench/README.md use the defaults.
 */
export interface BenchSettings {
  /** Documents pulled into a fresh client per pull run. */
  pullDocs: number;
  /** New documents pushed from a client per push run. */
  pushDocs: number;
  /** Replication batch size, the same for every client and direction. */
  batchSize: number;
  /** Measured rounds (each runs every scenario once, in rotating order); a warm-up round comes first. */
  runs: number;
  /** Target size of one stored document as JSON, in UTF-8 bytes (without `_rev`). */
  docBytes: number;
  /** Longest one measured run may take before the bench gives up. */
  runTimeoutMs: number;
  /** Longest the whole bench may take, setup included. */
  totalTimeoutMs: number;
  /** Longest a server child may take to start and seed. */
  startTimeoutMs: number;
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  return {
    pullDocs: positive(env, 'BENCH_PULL_DOCS', 5000),
    pushDocs: positive(env, 'BENCH_PUSH_DOCS', 1000),
    batchSize: positive(env, 'BENCH_BATCH_SIZE', 500),
    runs: positive(env, 'BENCH_RUNS', 7),
    docBytes: 600,
    runTimeoutMs: 60_000,
    totalTimeoutMs: 300_000,
    startTimeoutMs: 60_000,
  };
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}
