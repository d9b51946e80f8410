import type { Page } from 'playwright-core';
import { eventually } from './eventually';

export const DEMO = {
  password: 'oblako-demo',
  patient: { phone: '+79000000001', name: 'Иванова Мария Петровна' },
  secondPatient: { phone: '+79000000002', name: 'Петров Алексей Сергеевич' },
  doctor: { phone: '+79000000003', name: 'Смирнов Андрей Викторович' },
  manager: { phone: '+79000000004', name: 'Кузнецова Ольга Ивановна' },
} as const;

/**
 * Signs in through the real sign-in page, as a person would. A patient who has not yet given
 * the consent (152-FZ) meets the consent page first; they accept it here, as a person would.
 */
export async function signIn(page: Page, phone: string, password: string = DEMO.password): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Номер телефона').fill(phone);
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByTestId('connectivity').waitFor({ timeout: 20_000 });
  if (new URL(page.url()).pathname === '/onboarding/consent') {
    await page.getByTestId('consent-checkbox').locator('input').check();
    await page.getByRole('button', { name: 'Даю согласие' }).click();
    await page.waitForURL((url) => url.pathname !== '/onboarding/consent', { timeout: 20_000 });
  }
}

export async function fieldValue(page: Page, label: string): Promise<string> {
  return page.getByLabel(label, { exact: true }).inputValue();
}

export async function waitForField(page: Page, label: string, expected: string, timeoutMs = 15_000): Promise<void> {
  await eventually(async () => (await fieldValue(page, label)) === expected, `«${label}» = «${expected}»`, timeoutMs);
}

/** Signs in over the API (not the UI) to check what the server holds. */
export async function apiSession(baseUrl: string, phone: string, password: string = DEMO.password): Promise<{ token: string; userId: string }> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { accessToken: string; user: { id: string } };
  return { token: body.accessToken, userId: body.user.id };
}

/** Reads documents through the authorised replication endpoint, as the given user sees them. */
export async function readDocs(baseUrl: string, token: string, collection: string, ids: string[]): Promise<{ key: string; doc?: Record<string, unknown>; error?: string }[]> {
  const response = await fetch(`${baseUrl}/sync/${collection}/_all_docs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ keys: ids, include_docs: true }),
  });
  if (!response.ok) throw new Error(`_all_docs failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { rows: { key: string; doc?: Record<string, unknown>; error?: string }[] }).rows;
}
