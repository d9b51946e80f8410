/**
 * Set on a `GET /sync/<c>/_changes` page (feed normal) that is full — as many results as its
 * `limit`, so a next page may follow — to that page's `last_seq`: a client can ask for the next
 * page as soon as the headers arrive, without reading the body first (the PWA's pages asked for
 * ahead at sign-in: first-pages-ahead.ts). Absent on a page that is not full.
 */
export const NEXT_PAGE_SINCE_HEADER = 'oblako-next-since';

/**
 * Set (to `1`) beside NEXT_PAGE_SINCE_HEADER when the server knows that nothing followed that
 * page in its log when it was read (the collection's and the viewer's access positions both at
 * their end): the next page would be empty, and a client may take that as its answer instead of
 * asking (the first sync's last, empty page was a round trip of its own).
 */
export const LOG_END_HEADER = 'oblako-log-end';
