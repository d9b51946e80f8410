/** Messages between the bench (parent) and a server child process, over the fork IPC channel. */

/** Sent by a child once it listens and its store is seeded. */
export interface ReadyMessage {
  type: 'ready';
  /** Replication base URL of the pull database / collection, ending in `/`. */
  pullUrl: string;
  /** Replication base URL of the push database / collection, ending in `/`. */
  pushUrl: string;
  /** Sent with every replication request (our server: `Bearer …`); absent for the baseline. */
  authorization?: string;
  /** The owner of every document (the signed-in patient). */
  patientId: string;
  seededDocs: number;
  seedMs: number;
}

export interface FailedMessage {
  type: 'failed';
  message: string;
}

export type ChildMessage = ReadyMessage | FailedMessage;

/** Sent by the parent: close the server and the store, then exit. */
export interface StopMessage {
  type: 'stop';
}

/** Settings a child reads from its environment (set by the parent). */
export interface ChildEnv {
  BENCH_DIR: string;
  BENCH_PULL_DOCS: string;
  BENCH_DOC_BYTES: string;
  /** The baseline needs the same owner as ours so the documents are byte-identical. */
  BENCH_PATIENT_ID?: string;
}

/** Only loopback: the bench never listens on or connects to anything else. */
export const LOOPBACK = '127.0.0.1';

/**
 * With BENCH_CPU_PROFILE_DIR set, profiles this server's CPU from now (after start-up and
 * seeding) until it stops, so the profile holds only the replication requests of the bench.
 * Returns the function that writes `<dir>/<name>.cpuprofile`.
 */
export async function startCpuProfile(name: string): Promise<() => Promise<void>> {
  const dir = process.env['BENCH_CPU_PROFILE_DIR'];
  if (!dir) return async () => {};
  const { Session } = await import('node:inspector/promises');
  const { writeFile } = await import('node:fs/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(`${dir}/${name}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  };
}

/** Runs `stop` when the parent says so or goes away, then exits. */
export function onStopRequest(stop: () => Promise<void>): void {
  let stopping = false;
  const finish = (): void => {
    if (stopping) return;
    stopping = true;
    const watchdog = setTimeout(() => process.exit(1), 10_000);
    watchdog.unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('message', (message: StopMessage) => {
    if (message?.type === 'stop') finish();
  });
  process.on('disconnect', finish);
}

export function send(message: ChildMessage): void {
  process.send?.(message);
}
