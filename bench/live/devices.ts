/**
 * The waiting devices, in their own process (their CPU is not the server's). Each one does what
 * the PWA's LongpollHub does: `POST /sync/_changes {feeds: {every collection: 'now'}, timeout: 0}`
 * to fix its positions, then holds `POST /sync/_changes {feeds: positions, limit: 100,
 * heartbeat: 25000}` with its own access token, and re-issues it with the new positions as soon
 * as an answer comes (an empty one at the server's timeout included). Every answer with rows is
 * checked: exactly this round's row of the device's own partition, nothing else.
 */
import { Agent, request } from 'node:http';
import { epochNow, exitWithParent, send, type DeviceSeed, type DevicesCommand, type DevicesStart } from './protocol';

interface MultiAnswer {
  results: Record<string, { results: Array<{ id: string }>; last_seq: string }>;
  last_seq: Record<string, string>;
}

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
const PULL_BATCH_SIZE = 100;
const HEARTBEAT_MS = 25_000;
const NOW_CONCURRENCY = 50;

function post(url: string, authorization: string | undefined, body: unknown): Promise<{ status: number; text: string; at: number }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const outgoing = request(url, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...(authorization ? { authorization } : {}) },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks as Uint8Array[]).toString('utf8'), at: epochNow() }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

interface Device {
  seed: DeviceSeed;
  since: Record<string, string>;
}

let round = 0;
let answered: number[] = [];
let wrong = 0;
let failed = 0;
/** Requests that failed without an answer (and were asked again), over the whole run. */
let networkErrors = 0;
const RETRY_AFTER_MS = 1000;
let rowsBytes = 0;
let expected = 0;

function finishRoundIfDone(): void {
  if (answered.length + failed < expected) return;
  send({ type: 'answered', round, at: answered, wrong, empty: 0, failed, rowsBytes, retriedSoFar: networkErrors });
  answered = [];
  wrong = 0;
  failed = 0;
  rowsBytes = 0;
}

async function hold(start: DevicesStart, device: Device): Promise<void> {
  const url = `${start.baseUrl}/sync/_changes`;
  for (;;) {
    let answer: { status: number; text: string; at: number };
    try {
      answer = await post(url, device.seed.authorization, { feeds: device.since, limit: PULL_BATCH_SIZE, heartbeat: HEARTBEAT_MS, timeout: start.timeoutMs });
    } catch (error) {
      // A connection that could not be made or was cut (2,000 at once on a loaded machine): the
      // app's hub asks again after a pause, and so does the device here; counted and shown.
      if (networkErrors++ < 5) console.error(`device request failed, asking again: ${error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
      continue;
    }
    if (answer.status !== 200) {
      failed++;
      finishRoundIfDone();
      return;
    }
    const body = JSON.parse(answer.text) as MultiAnswer;
    device.since = { ...device.since, ...body.last_seq };
    const pages = Object.values(body.results);
    if (pages.length === 0) continue; // the server's timeout: ask again
    const ids = pages.flatMap((page) => page.results.map((row) => row.id));
    // Exactly one row, of this device's partition (the round is the parent's to check).
    if (ids.length !== 1 || !ids[0]!.startsWith(`${device.seed.partition}:bench-announcement-`)) wrong++;
    rowsBytes += answer.text.length;
    answered.push(answer.at);
    finishRoundIfDone();
  }
}

async function start(command: DevicesStart): Promise<void> {
  const devices: Device[] = command.devices.map((seed) => ({ seed, since: Object.fromEntries(command.feeds.map((name) => [name, 'now'])) }));
  expected = devices.length;
  // `now` → positions, as the hub does before the first longpoll (a few at a time).
  for (let index = 0; index < devices.length; index += NOW_CONCURRENCY) {
    await Promise.all(devices.slice(index, index + NOW_CONCURRENCY).map(async (device) => {
      const answer = await post(`${command.baseUrl}/sync/_changes`, device.seed.authorization, { feeds: device.since, timeout: 0 });
      if (answer.status !== 200) throw new Error(`resolving now: HTTP ${answer.status} ${answer.text}`);
      device.since = (JSON.parse(answer.text) as MultiAnswer).last_seq;
    }));
  }
  for (const device of devices) void hold(command, device);
  send({ type: 'sent', count: devices.length });
}

// Progress in the log, for a round that does not finish.
setInterval(() => console.error(`${new Date().toISOString()} round ${round}: answered ${answered.length}, failed ${failed}, wrong ${wrong}; requests asked again after a network error so far ${networkErrors}`), 5000).unref();

exitWithParent(async () => {
  agent.destroy();
});
process.on('message', (command: DevicesCommand) => {
  if (command.type === 'start') {
    start(command).catch((error: unknown) => {
      send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    });
  } else if (command.type === 'round') {
    round = command.round;
  }
});
