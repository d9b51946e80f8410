/**
 * `npm run bench:video` — prints figures, passes or fails nothing.
 *
 * On loopback, with Chromium's fake camera and microphone, N calls (BENCH_VIDEO_CALLS, 10) of the
 * real app against the real server (in this process, embedded store, the built PWA), each with
 * its own patient and doctor (so each is a fresh consultation of a fresh slot):
 *  - admission: the doctor's «Начать консультацию» click (the event in the doctor's page; also
 *    from before Playwright's click(), as earlier runs measured) → the patient's first remote video
 *    frame (requestVideoFrameCallback on the remote <video>), p50 and max, with its phases;
 *  - reconnection: a 10 s cut of the patient's network for the call (its peer connection dies,
 *    its WebSocket closes and cannot reopen for 10 s) → the first remote frame after the cut is
 *    lifted, p50 and max;
 *  - baseline, in the same run: a bare PeerJS pair (the `peer` package's PeerServer and two pages
 *    with only the `peerjs` client): B's `peer.call()` → A's first remote frame, p50 and max;
 *    and the ratio of the admission p50 to it.
 * Scenarios alternate call by call; the first call of each is a discarded warm-up.
 *
 *   npx ng build && npm run bench:video
 */
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { signIn } from '../../e2e/support/app';
import { giveConsent } from '../../e2e/support/documents';
import { eventually } from '../../e2e/support/eventually';
import { COLLECT_PEER_CONNECTIONS, launchCallBrowser, scheduledConsultation } from '../../e2e/support/video';
import { startTestServer, type TestServer } from '../../sync-server/test/helpers/test-server';
import { startBarePair } from './bare-pair';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const calls = Number(process.env['BENCH_VIDEO_CALLS'] ?? 10);
const CUT_MS = 10_000;

/** Test instrumentation: WebSockets of the page can be cut and kept down. */
const CONTROL_SOCKETS = `
  (() => {
    const Native = window.WebSocket;
    window.__sockets = [];
    window.__blockSockets = false;
    window.WebSocket = function (...args) {
      const socket = new Native(...args);
      window.__sockets.push(socket);
      if (window.__blockSockets) setTimeout(() => socket.close(), 0);
      return socket;
    };
    window.WebSocket.prototype = Native.prototype;
    Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  })();
`;

/**
 * In-page marks for the phases of a call: the click on «Начать» (the event in the doctor's page),
 * when each peer connection was created and when it got its first remote track.
 */
const PHASES = `
  (() => {
    window.__phase = { pcs: [] };
    document.addEventListener('click', (event) => {
      if (event.target instanceof Element && event.target.closest('[data-testid="start-call"]')) window.__phase.click = Date.now();
    }, true);
    const Wrapped = window.RTCPeerConnection;
    window.RTCPeerConnection = function (...args) {
      const pc = new Wrapped(...args);
      const entry = { at: Date.now() };
      window.__phase.pcs.push(entry);
      pc.addEventListener('track', () => { if (entry.track === undefined) entry.track = Date.now(); });
      return pc;
    };
    window.RTCPeerConnection.prototype = Wrapped.prototype;
    Object.setPrototypeOf(window.RTCPeerConnection, Wrapped);
  })();
`;

interface PhaseMarks {
  click?: number;
  pcs: { at: number; track?: number }[];
}

const phaseMarks = (page: Page) => page.evaluate(() => (window as unknown as { __phase: PhaseMarks }).__phase);

/** The receiving side's media connection: the first peer connection that got a track. */
function mediaConnection(marks: PhaseMarks): { at: number; track: number } {
  const pc = marks.pcs.find((entry) => entry.track !== undefined);
  if (!pc) throw new Error('no peer connection with a remote track');
  return { at: pc.at, track: pc.track! };
}

/** Phases of one call, ms: before the call leaves the caller · offer to the callee · SDP/ICE/DTLS to the track · track to the frame on screen. */
interface Phases {
  beforeCall: number;
  offer: number;
  media: number;
  render: number;
}

/** Resolves (in the page) with Date.now() of the next frame the element presents. */
const NEXT_FRAME = (selector: string) => `
  new Promise((resolve) => {
    const wait = () => {
      const video = document.querySelector(${JSON.stringify(selector)});
      if (!video) return setTimeout(wait, 5);
      video.requestVideoFrameCallback(() => resolve(Date.now()));
    };
    wait();
  })
`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function person(browser: Browser, baseURL: string, phone: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL, locale: 'ru-RU' });
  await context.addInitScript(COLLECT_PEER_CONNECTIONS);
  await context.addInitScript(CONTROL_SOCKETS);
  await context.addInitScript(PHASES);
  const page = await context.newPage();
  await signIn(page, phone, password);
  return page;
}

interface AppCall {
  /** From the click event in the doctor's page. */
  admission: number;
  /** From before Playwright's click() (the figure of the earlier runs; includes Playwright's own checks). */
  admissionFromDriver: number;
  reconnection: number;
  phases: Phases;
}

/** One call of the app. */
async function appCall(server: TestServer, browser: Browser): Promise<AppCall> {
  const patientAccount = await server.createAccount('patient');
  const doctorAccount = await server.createAccount('doctor');
  const patientApi = { token: (await server.signIn(patientAccount.phone, patientAccount.password)).accessToken, userId: patientAccount.user.id };
  const doctorApi = { token: (await server.signIn(doctorAccount.phone, doctorAccount.password)).accessToken, userId: doctorAccount.user.id };
  await giveConsent(server.baseUrl, patientApi.token);
  const consultation = await scheduledConsultation(server.baseUrl, patientApi, doctorApi);
  const url = `/video/${encodeURIComponent(consultation.id)}`;
  const [patient, doctor] = [await person(browser, server.baseUrl, patientAccount.phone, patientAccount.password), await person(browser, server.baseUrl, doctorAccount.phone, doctorAccount.password)];
  try {
    await patient.goto(url);
    await patient.getByTestId('check-continue').click({ timeout: 60_000 });
    await patient.getByTestId('waiting-room').waitFor();
    await doctor.goto(url);
    await doctor.getByTestId('check-continue').click({ timeout: 60_000 });
    await eventually(async () => /Пациент ждёт/.test(await doctor.getByTestId('patient-presence').innerText()), 'the patient waiting', 30_000);
    // The doctor's side must have the consultation locally to start it (replication).
    await eventually(async () => doctor.getByTestId('start-call').isEnabled(), 'the start button', 30_000);

    const firstFrame = patient.evaluate(NEXT_FRAME('[data-testid="remote-video"]')) as Promise<number>;
    const clicked = Date.now();
    await doctor.getByTestId('start-call').click();
    const frameAt = await firstFrame;
    const [doctorMarks, patientMarks] = [await phaseMarks(doctor), await phaseMarks(patient)];
    const click = doctorMarks.click ?? clicked;
    const callerPc = doctorMarks.pcs.find((entry) => entry.at >= click);
    const callee = mediaConnection(patientMarks);
    const phases: Phases = {
      beforeCall: (callerPc?.at ?? click) - click,
      offer: callee.at - (callerPc?.at ?? click),
      media: callee.track - callee.at,
      render: frameAt - callee.track,
    };

    // Let the call run a moment, then cut the patient's network for the call for 10 s.
    await patient.waitForTimeout(1000);
    await patient.evaluate(() => {
      const w = window as unknown as { __blockSockets: boolean; __sockets: WebSocket[]; __pcs: RTCPeerConnection[] };
      w.__blockSockets = true;
      for (const socket of w.__sockets) socket.close();
      for (const pc of w.__pcs) pc.close();
    });
    await patient.getByTestId('reconnecting').waitFor({ timeout: 15_000 });
    await patient.waitForTimeout(CUT_MS);
    const frameAgain = patient.evaluate(NEXT_FRAME('[data-testid="remote-video"]')) as Promise<number>;
    const lifted = Date.now();
    await patient.evaluate(() => ((window as unknown as { __blockSockets: boolean }).__blockSockets = false));
    const reconnection = (await frameAgain) - lifted;
    return { admission: frameAt - click, admissionFromDriver: frameAt - clicked, reconnection, phases };
  } finally {
    await patient.context().close();
    await doctor.context().close();
  }
}

/** One call of the bare pair: B calls A; ms from B's call() to A's first remote frame, and its phases. */
async function bareCall(browser: Browser, pageUrl: string, peerPort: number, index: number): Promise<{ firstFrame: number; phases: Phases }> {
  const context = await browser.newContext({ viewport: { width: 640, height: 480 } });
  await context.addInitScript(PHASES);
  try {
    const [a, b] = [await context.newPage(), await context.newPage()];
    await Promise.all([a.goto(pageUrl), b.goto(pageUrl)]);
    const options = { host: '127.0.0.1', port: peerPort, path: '/bare', config: { iceServers: [] } };
    const ids = { a: `bare-a-${index}-${Date.now()}`, b: `bare-b-${index}-${Date.now()}` };
    await a.evaluate(async ({ id, options }) => {
      const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      const peer = new (window as unknown as { Peer: new (id: string, o: unknown) => { on: (e: string, f: (x: never) => void) => void } }).Peer(id, options);
      await new Promise<void>((resolve) => peer.on('open', () => resolve()));
      peer.on('call', (call: { answer: (s: MediaStream) => void; on: (e: string, f: (s: MediaStream) => void) => void }) => {
        call.answer(stream);
        call.on('stream', (remote) => ((document.getElementById('remote') as HTMLVideoElement).srcObject = remote));
      });
    }, { id: ids.a, options });
    const firstFrame = a.evaluate(NEXT_FRAME('#remote')) as Promise<number>;
    const called = await b.evaluate(async ({ id, remote, options }) => {
      const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      const peer = new (window as unknown as { Peer: new (id: string, o: unknown) => { on: (e: string, f: () => void) => void; call: (id: string, s: MediaStream) => unknown } }).Peer(id, options);
      await new Promise<void>((resolve) => peer.on('open', () => resolve()));
      const at = Date.now();
      peer.call(remote, stream);
      return at;
    }, { id: ids.b, remote: ids.a, options });
    const frameAt = await firstFrame;
    const [callerMarks, calleeMarks] = [await phaseMarks(b), await phaseMarks(a)];
    const callerPc = callerMarks.pcs.find((entry) => entry.at >= called);
    const callee = mediaConnection(calleeMarks);
    const phases: Phases = {
      beforeCall: (callerPc?.at ?? called) - called,
      offer: callee.at - (callerPc?.at ?? called),
      media: callee.track - callee.at,
      render: frameAt - callee.track,
    };
    return { firstFrame: frameAt - called, phases };
  } finally {
    await context.close();
  }
}

const server = await startTestServer({ pwaDir: join(ROOT, 'dist/pwa/browser'), logLevel: 'warn' });
const bare = await startBarePair(ROOT);
const browser = await launchCallBrowser();
const admissions: number[] = [];
const admissionsFromDriver: number[] = [];
const reconnections: number[] = [];
const bareFirstFrames: number[] = [];
const appPhases: Phases[] = [];
const barePhases: Phases[] = [];
const phaseText = (phases: Phases) => `before the call ${phases.beforeCall} · offer ${phases.offer} · SDP/ICE/DTLS → track ${phases.media} · track → frame ${phases.render}`;
const phaseP50 = (all: Phases[]): Phases => ({
  beforeCall: percentile(all.map((p) => p.beforeCall), 50),
  offer: percentile(all.map((p) => p.offer), 50),
  media: percentile(all.map((p) => p.media), 50),
  render: percentile(all.map((p) => p.render), 50),
});
try {
  console.log(`bench:video — ${calls} calls per scenario (+1 warm-up each), loopback, fake devices; ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (let index = 0; index <= calls; index++) {
    const app = await appCall(server, browser);
    const bareRun = await bareCall(browser, bare.pageUrl, bare.peerPort, index);
    const label = index === 0 ? 'warm-up' : `call ${index}`;
    console.log(`${label.padEnd(8)} app: «Начать» → first frame ${app.admission} ms (from the driver's click() ${app.admissionFromDriver} ms), 10 s cut lifted → frames again ${app.reconnection} ms | bare PeerJS: call() → first frame ${bareRun.firstFrame} ms`);
    console.log(`${''.padEnd(8)}   app phases: ${phaseText(app.phases)} | bare: ${phaseText(bareRun.phases)}`);
    if (index === 0) continue;
    admissions.push(app.admission);
    admissionsFromDriver.push(app.admissionFromDriver);
    reconnections.push(app.reconnection);
    bareFirstFrames.push(bareRun.firstFrame);
    appPhases.push(app.phases);
    barePhases.push(bareRun.phases);
  }
  const [appP50, bareP50] = [percentile(admissions, 50), percentile(bareFirstFrames, 50)];
  console.log('');
  console.log(`app  «Начать» (click event) → patient's first remote frame: p50 ${appP50} ms, max ${Math.max(...admissions)} ms`);
  console.log(`app  the same from before the driver's click():       p50 ${percentile(admissionsFromDriver, 50)} ms, max ${Math.max(...admissionsFromDriver)} ms`);
  console.log(`app  phases p50 (ms):  ${phaseText(phaseP50(appPhases))}`);
  console.log(`bare phases p50 (ms):  ${phaseText(phaseP50(barePhases))}`);
  console.log(`app  reconnection after a 10 s cut → frames again:   p50 ${percentile(reconnections, 50)} ms, max ${Math.max(...reconnections)} ms`);
  console.log(`bare PeerJS pair: call() → first remote frame:       p50 ${bareP50} ms, max ${Math.max(...bareFirstFrames)} ms`);
  console.log(`ratio app/bare (first frame, p50):                    ${(appP50 / bareP50).toFixed(2)}× (from the driver's click(): ${(percentile(admissionsFromDriver, 50) / bareP50).toFixed(2)}×)`);
} finally {
  await browser.close();
  bare.close();
  await server.close();
  // The bare PeerServer (the baseline) keeps its timers running forever.
  process.exit(0);
}
