import type { ModuleDefinition } from '@oblako/domain';
import { MODULES } from '@oblako/modules';
import { ADMIN_API, type ImportPreview, type ImportReport } from '../../../modules/admin/api';
import { base64 } from './referral-tables';
import { bearer, postJson, requestJson, type JsonResponse } from './http';
import type { TestServer } from './test-server';

/** The registry with the admin module's plugin swapped for one with fault injection. */
export const MODULES_WITH_FAULTS: readonly ModuleDefinition[] = MODULES.map((module) =>
  module.id === 'admin' ? { ...module, serverPlugin: new URL('./fixtures/admin-with-faults.ts', import.meta.url) } : module,
);

export async function manager(server: TestServer) {
  const account = await server.createAccount('manager', { name: 'Кузнецова Ольга Ивановна' });
  const session = await server.signIn(account.phone, account.password);
  return { ...account, token: session.accessToken, headers: bearer(session.accessToken) };
}

export function preview(server: TestServer, token: string, files: { name: string; bytes: Buffer }[], headers: Record<string, string> = {}): Promise<JsonResponse<ImportPreview>> {
  return postJson<ImportPreview>(`${server.baseUrl}${ADMIN_API.previews}`, { files: files.map((file) => ({ name: file.name, contentBase64: base64(file.bytes) })) }, { ...bearer(token), ...headers });
}

export function commit(server: TestServer, token: string, previewId: string, excludedRows: string[] = []): Promise<JsonResponse<ImportReport>> {
  return postJson<ImportReport>(`${server.baseUrl}${ADMIN_API.commit}`, { previewId, excludedRows }, bearer(token));
}

export async function get<T>(server: TestServer, token: string, path: string): Promise<JsonResponse<T>> {
  return requestJson<T>(`${server.baseUrl}${path}`, { headers: bearer(token) });
}

/** Every document id in a store database (design docs aside). */
export async function ids(server: TestServer, db: string): Promise<string[]> {
  const result = await server.app.store.db(db).allDocs();
  return result.rows.map((row) => row.id).filter((id) => !id.startsWith('_design/'));
}
