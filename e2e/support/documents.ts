import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { eventually } from './eventually';

/** A file as `setInputFiles` takes it. */
export interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export function payload(name: string, mimeType: string, bytes: Uint8Array): FilePayload {
  return { name, mimeType, buffer: Buffer.from(bytes) };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Accepts the current consent over the API (uploads need it: 403 consent_required otherwise). */
export async function giveConsent(baseUrl: string, token: string): Promise<void> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const status = (await (await fetch(`${baseUrl}/api/consent`, { headers })).json()) as { version: string; accepted: boolean };
  if (status.accepted) return;
  const response = await fetch(`${baseUrl}/api/consent`, { method: 'POST', headers, body: JSON.stringify({ version: status.version }) });
  if (!response.ok) throw new Error(`consent failed: ${response.status} ${await response.text()}`);
}

/** If the shell still shows its consent page after sign-in, accept it as a person would. */
export async function passConsentGate(page: Page): Promise<void> {
  const checkbox = page.getByTestId('consent-checkbox');
  if (!(await checkbox.isVisible().catch(() => false))) return;
  await checkbox.click();
  await page.getByRole('button', { name: 'Даю согласие' }).click();
  const toCabinet = page.getByRole('button', { name: 'Перейти в кабинет' });
  if (await toCabinet.isVisible({ timeout: 5_000 }).catch(() => false)) await toCabinet.click();
}

export interface NewDocument {
  /** The Russian label of the type, as the select shows it. */
  type: string;
  note?: string;
  files: FilePayload[];
  /** The camera button's input instead of the file picker (photos). */
  camera?: boolean;
}

/** Fills «Добавить документ» and saves; resolves back on the documents list. */
export async function addDocument(page: Page, document: NewDocument): Promise<void> {
  await page.getByTestId('add-document').click();
  await page.getByTestId('document-form').waitFor();
  await page.getByTestId('document-type').click();
  await page.getByRole('option', { name: document.type, exact: true }).click();
  if (document.note) await page.getByTestId('document-note').fill(document.note);
  await page.getByTestId(document.camera ? 'camera-input' : 'file-input').setInputFiles(document.files);
  await eventually(async () => (await page.getByTestId('picked-file').count()) === document.files.length, 'picked files listed');
  await page.getByTestId('save-document').click();
  await page.waitForURL((url) => url.pathname === '/documents', { timeout: 15_000 });
}

/** `data-state` of a file row (waiting | uploading | verifying | uploaded | rejected | failed | elsewhere). */
export async function fileState(page: Page, name: string): Promise<string | null> {
  return page.locator(`[data-testid=file][data-name="${name}"]`).first().getAttribute('data-state', { timeout: 2_000 });
}

export async function fileStateText(page: Page, name: string): Promise<string> {
  return (await page.locator(`[data-testid=file][data-name="${name}"]`).first().getByTestId('file-state').innerText()).trim();
}

export async function waitForFileState(page: Page, name: string, state: string, timeoutMs = 30_000): Promise<void> {
  let last: string | null = null;
  try {
    await eventually(async () => (last = await fileState(page, name).catch(() => null)) === state, `«${name}» ${state}`, timeoutMs);
  } catch (error) {
    const text = await fileStateText(page, name).catch(() => '(no such file on the page)');
    throw new Error(`${(error as Error).message}; it is ${last}: «${text}»`);
  }
}

export interface ServerFileRecord {
  fileId: string;
  documentId: string;
  name: string;
  status: string;
  sha256?: string;
  reason?: string;
}

/** The `document_files` records the given session may see, read from the authorised replication. */
export async function serverFileRecords(baseUrl: string, token: string): Promise<ServerFileRecord[]> {
  const response = await fetch(`${baseUrl}/sync/document_files/_changes?include_docs=true&since=0`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`_changes failed: ${response.status}`);
  const body = (await response.json()) as { results: { doc?: ServerFileRecord & { _deleted?: boolean } }[] };
  return body.results.flatMap((row) => (row.doc && !row.doc._deleted ? [row.doc] : []));
}

/** The ids of the `documents` the given session may see. */
export async function serverDocumentIds(baseUrl: string, token: string): Promise<string[]> {
  const response = await fetch(`${baseUrl}/sync/documents/_changes?include_docs=true&since=0`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`_changes failed: ${response.status}`);
  const body = (await response.json()) as { results: { id: string; doc?: { _deleted?: boolean } }[] };
  return body.results.filter((row) => row.doc && !row.doc._deleted).map((row) => row.id);
}

/** GET a file over the download API: its status and bytes. */
export async function download(baseUrl: string, token: string, patientId: string, fileId: string): Promise<{ status: number; bytes: Uint8Array }> {
  const response = await fetch(`${baseUrl}/api/documents/files/${encodeURIComponent(patientId)}/${encodeURIComponent(fileId)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** The canvas shows a picture, not a blank: its pixels differ. */
export async function canvasHasPicture(page: Page, testId: string): Promise<boolean> {
  return page.getByTestId(testId).evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let min = 255;
    let max = 0;
    for (let i = 0; i < data.length; i += 4) {
      min = Math.min(min, data[i]!);
      max = Math.max(max, data[i]!);
    }
    return canvas.width > 0 && max - min > 50;
  });
}
