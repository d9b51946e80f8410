/**
 * Every page the app has, checked with axe-core (4.14) as each role sees it, on a desktop and on
 * a phone: no serious and no critical violation (issue 14). The routes are read from the app's
 * own navigation, so a page a module adds is checked without editing this file. Public pages
 * (sign-in, registration, password restore) are checked signed out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { DEMO, signIn } from './support/app';
import { DESKTOP } from './support/browser';
import { MIN_TAP_TARGET, smallTapTargets } from './support/tap-targets';
import { useStand } from './support/stand';

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PHONE_VIEWPORT = { width: 390, height: 844 };

interface Finding {
  page: string;
  viewport: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

const stand = useStand();

/** A desktop context in Russian; the app's CSP would refuse axe's injected script, so only these contexts bypass it. */
function auditContext() {
  return stand.browser.newContext({ ...DESKTOP, baseURL: stand.server.baseUrl, locale: 'ru-RU', timezoneId: 'Europe/Moscow', bypassCSP: true });
}

/** The page has drawn its content: a heading in <main>, and no progress bar of a first load. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1, main h2').first().waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelectorAll('main mat-progress-bar[mode="indeterminate"]').length === 0, undefined, { timeout: 30_000 }).catch(() => undefined);
}

/** axe-core on the page as it is now: only what a person meets — serious and critical. */
async function audit(page: Page, viewport: string): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact ?? '', help: violation.help, targets: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')) }));
  });
  const path = new URL(page.url()).pathname;
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ page: path, viewport, rule: violation.id, impact: violation.impact, help: violation.help, targets: violation.targets }));
}

function report(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.page} (${f.viewport}): ${f.impact} ${f.rule} — ${f.help} → ${f.targets.join(' | ')}`).join('\n');
}

/** Tap targets under 48×48 px on the page as it is now, as findings. */
async function tapTargets(page: Page, viewport: string): Promise<Finding[]> {
  const path = new URL(page.url()).pathname;
  return (await smallTapTargets(page)).map((target) => ({
    page: path,
    viewport,
    rule: 'tap-target',
    impact: 'serious',
    help: `${target.width}×${target.height} px < ${MIN_TAP_TARGET}×${MIN_TAP_TARGET}`,
    targets: [target.element],
  }));
}

/** Both sizes of one page: the desktop first, then the phone layout (bottom navigation, badges) with its tap targets. */
async function auditBothSizes(page: Page, path: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const [name, size] of [['desktop', DESKTOP.viewport], ['phone', PHONE_VIEWPORT]] as const) {
    await page.setViewportSize(size);
    await page.goto(path);
    await settled(page);
    findings.push(...(await audit(page, name)));
    if (name === 'phone') findings.push(...(await tapTargets(page, name)));
  }
  return findings;
}

test('public pages: sign-in, registration and password restore have no serious or critical violation', async () => {
  const context = await auditContext();
  const page = await context.newPage();
  const findings: Finding[] = [];
  for (const path of ['/sign-in', '/register', '/register/restore']) findings.push(...(await auditBothSizes(page, path)));
  await context.close();
  assert.deepEqual(findings, [], `\n${report(findings)}`);
});

/** Pages with forms that no navigation entry leads to directly. */
const PAGES_BEYOND_NAVIGATION: Record<string, readonly string[]> = { patient: ['/documents/new'], doctor: [], manager: [] };

for (const [role, phone] of [['patient', DEMO.patient.phone], ['doctor', DEMO.doctor.phone], ['manager', DEMO.manager.phone]] as const) {
  test(`every page of the ${role}'s navigation has no serious or critical violation`, async () => {
    const context = await auditContext();
    const page = await context.newPage();
    await signIn(page, phone);
    const links = page.locator('mat-sidenav a[href]');
    await links.first().waitFor({ timeout: 20_000 });
    const paths = [...new Set(await links.evaluateAll((anchors) => anchors.map((anchor) => new URL((anchor as HTMLAnchorElement).href).pathname)))];
    assert.ok(paths.length >= 2, `the ${role} has a navigation: ${paths.join(', ')}`);
    paths.push(...(PAGES_BEYOND_NAVIGATION[role] ?? []));
    const findings: Finding[] = [];
    for (const path of paths) findings.push(...(await auditBothSizes(page, path)));
    await context.close();
    assert.deepEqual(findings, [], `\n${report(findings)}`);
  });
}
