/**
 * Jitsi mode of the video consultation (JITSI_DOMAIN set): a stand-in deployment on loopback
 * serves an `external_api.js` that records what it is given. The page loads the IFrame API from
 * that domain only, with the consultation's room and a JWT whose claims verify with the app
 * secret; the Content-Security-Policy names that domain and nothing else.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { jwtVerify } from 'jose';
import { DEMO, apiSession, signIn } from './support/app';
import { giveConsent } from './support/documents';
import { eventually } from './support/eventually';
import { startJitsiStandIn } from './support/jitsi-stand-in';
import { startServer, type RunningServer } from './support/server';
import { scheduledConsultation } from './support/video';

const APP_SECRET = 'jitsi-e2e-app-secret-0123456789';
let jitsi: Awaited<ReturnType<typeof startJitsiStandIn>>;
let server: RunningServer;
let browser: Browser;

before(async () => {
  jitsi = await startJitsiStandIn();
  server = await startServer({ JITSI_DOMAIN: jitsi.domain, JITSI_APP_ID: 'oblako', JITSI_APP_SECRET: APP_SECRET });
  browser = await chromium.launch({
    executablePath: process.env['CHROME_BIN'] || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      // Only the stand-in's throw-away certificate is unknown to Chromium.
      '--ignore-certificate-errors',
    ],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  jitsi?.close();
});

test('the page loads Jitsi from the configured domain only, with the room and a verifiable JWT', async () => {
  const patientApi = await apiSession(server.baseUrl, DEMO.patient.phone);
  const doctorApi = await apiSession(server.baseUrl, DEMO.doctor.phone);
  await giveConsent(server.baseUrl, patientApi.token);
  const consultation = await scheduledConsultation(server.baseUrl, patientApi, doctorApi);

  const context = await browser.newContext({ baseURL: server.baseUrl, locale: 'ru-RU', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  if (process.env['E2E_CONSOLE']) page.on('console', (message) => process.stderr.write(`[page] ${message.type()}: ${message.text()}\n`));
  const external: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== server.baseUrl) external.push(request.url());
  });
  const response = await page.goto('/');
  const csp = response!.headers()['content-security-policy'] ?? '';
  assert.match(csp, new RegExp(`script-src [^;]*https://${jitsi.domain.replace('.', '\\.')}`));
  assert.match(csp, new RegExp(`frame-src https://${jitsi.domain.replace('.', '\\.')};`));
  await signIn(page, DEMO.patient.phone);
  await page.goto(`/video/${encodeURIComponent(consultation.id)}`);
  await page.getByTestId('check-continue').click({ timeout: 30_000 });
  await page.getByTestId('jitsi-stand-in').waitFor({ timeout: 30_000 });

  const calls = await eventually(async () => {
    const recorded = await page.evaluate(() => (window as unknown as { __jitsiCalls?: { domain: string; roomName: string; jwt: string; displayName: string }[] }).__jitsiCalls);
    return recorded && recorded.length > 0 ? recorded : null;
  }, 'the IFrame API to be called');
  assert.equal(calls.length, 1);
  const [call] = calls;
  assert.equal(call!.domain, jitsi.domain);
  assert.deepEqual(external.map((url) => url.split('?')[0]), [`https://${jitsi.domain}/external_api.js`]);
  assert.deepEqual(jitsi.requests.map((url) => url.split('?')[0]), ['/external_api.js']);
  assert.equal(call!.displayName, DEMO.patient.name);

  const { payload } = await jwtVerify(call!.jwt, new TextEncoder().encode(APP_SECRET), { issuer: 'oblako', audience: 'jitsi', subject: jitsi.domain });
  assert.equal(payload['room'], call!.roomName);
  assert.match(call!.roomName, /^oblako[0-9a-f]{32}$/);
  assert.equal(payload['moderator'], false);
  const user = (payload['context'] as { user: Record<string, unknown> }).user;
  assert.equal(user['id'], patientApi.userId);
  // The doctor's ticket names the same room; the doctor is the moderator.
  const doctorTicket = (await fetch(`${server.baseUrl}/api/video/${encodeURIComponent(consultation.id)}/ticket`, {
    method: 'POST', headers: { authorization: `Bearer ${doctorApi.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ deviceId: 'doctor-device-1' }),
  }).then((r) => r.json())) as { jitsi: { room: string; jwt: string } };
  assert.equal(doctorTicket.jitsi.room, call!.roomName);
  const doctorClaims = (await jwtVerify(doctorTicket.jitsi.jwt, new TextEncoder().encode(APP_SECRET), { audience: 'jitsi' })).payload;
  assert.equal(doctorClaims['moderator'], true);
  await context.close();
});
