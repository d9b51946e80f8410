import type { ReplicationPullHandlerResult } from 'rxdb';
import { fromCouch, type Doc } from './couch-docs';
import type { CouchDoc } from './couch-types';
import type { Fetch } from './couch-push';

/** Where the pull stands: the server's opaque `last_seq`. */
export interface CouchCheckpoint {
  sequence: string;
}

/** One `_changes` page as the server writes it. */
export interface ChangesPage {
  results?: { id: string; doc?: CouchDoc | null }[];
  last_seq?: string;
}

/** The page in RxDB's terms, documents with their server revision. */
export function pulledDocuments(primaryPath: string, page: ChangesPage, what: string): ReplicationPullHandlerResult<Doc, CouchCheckpoint> {
  if (!Array.isArray(page?.results) || typeof page.last_seq !== 'string') {
    throw new Error(`${what} answered without results: ${JSON.stringify(page).slice(0, 200)}`);
  }
  return {
    documents: page.results.flatMap((row) => (row.doc ? [fromCouch(primaryPath, row.doc)] : [])),
    checkpoint: { sequence: page.last_seq },
  };
}

/** The address of a page of a collection's changes (`collectionUrl` ends in `/`); the first page is since `0`. */
export function changesPageUrl(collectionUrl: string, since: string, limit: number): string {
  const query = new URLSearchParams({ style: 'all_docs', feed: 'normal', include_docs: 'true', since, limit: String(limit) });
  return `${collectionUrl}_changes?${query}`;
}

/** RxDB's pull handler: the next page of the collection's changes after the checkpoint. */
export function createCouchPull(options: { url: string; primaryPath: string; fetch: Fetch }) {
  const pull = async (checkpoint: CouchCheckpoint | undefined, batchSize: number): Promise<ReplicationPullHandlerResult<Doc, CouchCheckpoint>> => {
    const url = changesPageUrl(options.url, checkpoint?.sequence ?? '0', batchSize);
    const response = await options.fetch(url);
    // A position the server does not know (a store restored from a backup before positions
    // carried its epoch): start over rather than ask for it forever. Pulled documents the
    // device already has change nothing.
    if (response.status === 400 && checkpoint) return pull(undefined, batchSize);
    if (!response.ok) throw new Error(`GET ${url} answered HTTP ${response.status}`);
    return pulledDocuments(options.primaryPath, (await response.json()) as ChangesPage, `GET ${options.url}_changes`);
  };
  return pull;
}
