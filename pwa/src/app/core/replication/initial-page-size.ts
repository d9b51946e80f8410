/**
 * The page size of a first sync, on its own (no imports): the sign-in page asks for pages ahead
 * (first-pages-ahead.ts) before the replication's code is loaded.
 *
 * A first sync brings everything the server holds for the person (a doctor: thousands of
 * records): large pages mean few requests and few, large IndexedDB writes; the first sync
 * (first-sync.ts) stores one page while it fetches the next. The server answers at most 1,000 rows a page
 * (sync-server/src/plugins/replication/schemas.ts MAX_PAGE). bench/README.md has the figures.
 */
export const INITIAL_PULL_BATCH_SIZE = 1000;
