/**
 * The server-only database of the import: previews (kept for IMPORT_LIMITS.previewTtlMinutes),
 * import journals (the commit's state machine) and their plan chunks (which are also the report).
 * Never replicated. Document ids by prefix:
 *   preview:<id>            preview header         preview:<id>:rows:<n>   its rows
 *   import:<id>             journal                plan:<id>:<n>           what the import writes / wrote
 */
export const IMPORTS_DB = 'admin_imports';

export const previewId = (id: string) => `preview:${id}`;
export const previewRowsId = (id: string, chunk: number) => `preview:${id}:rows:${String(chunk).padStart(4, '0')}`;
export const journalId = (id: string) => `import:${id}`;
export const planId = (id: string, chunk: number) => `plan:${id}:${String(chunk).padStart(4, '0')}`;

/** Rows per chunk document: ~0.5 MB, well inside CouchDB's document size limits. */
export const CHUNK_ROWS = 1000;

export function chunk<T>(items: readonly T[], size = CHUNK_ROWS): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
