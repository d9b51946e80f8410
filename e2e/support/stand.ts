import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { startServerWithRecords } from './patient-with-records';
import { startServer, type RunningServer } from './server';

/** The real server and a Chromium of one test file, as its tests use them. */
export interface Stand {
  readonly server: RunningServer;
  readonly browser: Browser;
}

export interface StandOptions {
  /** The server's environment beyond the test defaults (support/server.ts). */
  env?: Record<string, string>;
  /** Another browser than the default (e.g. the video tests' fake camera). */
  launch?: () => Promise<Browser>;
}

/**
 * Starts the server and the browser before the file's tests and stops both after them (the
 * browser first: its pages hold connections to the server). Call it at the top of a test file;
 * the file's own `before`/`after` hooks, registered after it, run after these.
 */
export function useStand(options: StandOptions = {}): Stand {
  return useStarted('useStand', () => startServer(options.env), options.launch ?? launchBrowser);
}

/** The server seeded with one patient's records (support/patient-with-records.ts) and a Chromium. */
export interface StandWithRecords {
  readonly server: Awaited<ReturnType<typeof startServerWithRecords>>;
  readonly browser: Browser;
}

/** As useStand, with the server of patient-with-records.ts: `records` records, a fresh data directory removed after. */
export function useStandWithRecords(records: number): StandWithRecords {
  let dataDir: string | undefined;
  return useStarted(
    'useStandWithRecords',
    async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'oblako-e2e-records-'));
      return startServerWithRecords(records, dataDir);
    },
    launchBrowser,
    async () => {
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  );
}

/** The hooks both stands share: start before the tests, stop after (browser, server, then `cleanUp`); getters that say when used too early. */
function useStarted<S extends { stop(): Promise<unknown> }>(name: string, start: () => Promise<S>, launch: () => Promise<Browser>, cleanUp?: () => Promise<void>): { readonly server: S; readonly browser: Browser } {
  let server: S | undefined;
  let browser: Browser | undefined;
  before(async () => {
    server = await start();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await cleanUp?.();
  });
  return {
    get server() {
      if (!server) throw new Error(`the server is not started yet (${name}: before the tests)`);
      return server;
    },
    get browser() {
      if (!browser) throw new Error(`the browser is not launched yet (${name}: before the tests)`);
      return browser;
    },
  };
}
