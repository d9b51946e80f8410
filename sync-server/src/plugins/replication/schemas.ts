/** JSON schemas of the replication endpoints: everything a client sends is checked before use. */

export const MAX_KEYS = 1000;
export const MAX_BULK_DOCS = 1000;
export const MAX_PAGE = 1000;
export const MAX_WAIT_MS = 60_000;

export const dbParams = {
  type: 'object',
  required: ['db'],
  properties: { db: { type: 'string', maxLength: 100 } },
} as const;

export const changesQuery = {
  type: 'object',
  properties: {
    feed: { type: 'string', enum: ['normal', 'longpoll'] },
    style: { type: 'string', enum: ['main_only', 'all_docs'] },
    since: { type: 'string', minLength: 1, maxLength: 4096 },
    limit: { type: 'integer', minimum: 1 },
    include_docs: { type: 'boolean' },
    heartbeat: { type: 'string', pattern: '^(true|false|[0-9]{1,9})$' },
    timeout: { type: 'integer', minimum: 0 },
    // RxDB sends it; CouchDB uses it to skip computing some seqs. Every seq here is cheap.
    seq_interval: { type: 'integer', minimum: 1 },
  },
} as const;

/** More feeds than any deployment has collections is not a client of ours. */
export const MAX_FEEDS = 50;

/** `POST /sync/_changes`: `feeds` maps each collection to its `since` (0, "now" or a last_seq). */
export const multiChangesBody = {
  type: 'object',
  required: ['feeds'],
  properties: {
    feeds: {
      type: 'object',
      minProperties: 1,
      maxProperties: MAX_FEEDS,
      propertyNames: { type: 'string', maxLength: 100 },
      additionalProperties: { type: 'string', minLength: 1, maxLength: 4096 },
    },
    limit: { type: 'integer', minimum: 1 },
    heartbeat: { anyOf: [{ type: 'integer', minimum: 0, maximum: 999_999_999 }, { type: 'boolean' }] },
    timeout: { type: 'integer', minimum: 0 },
  },
} as const;

/** Query parameters that would change what `_changes` means; refused rather than ignored. */
export const UNSUPPORTED_CHANGES_PARAMS = ['filter', 'doc_ids', 'selector', 'view', 'descending', 'conflicts', 'attachments', 'att_encoding_info', 'last-event-id'];

export const allDocsQuery = {
  type: 'object',
  properties: {
    keys: { type: 'string', maxLength: 200_000 },
    include_docs: { type: 'boolean' },
  },
} as const;

export const allDocsBody = {
  type: 'object',
  required: ['keys'],
  properties: {
    keys: { type: 'array', maxItems: MAX_KEYS, items: { type: 'string', maxLength: 200 } },
    include_docs: { type: 'boolean' },
    deleted: { type: 'string', enum: ['ok'] },
  },
} as const;

export const bulkDocsBody = {
  type: 'object',
  required: ['docs'],
  properties: {
    docs: { type: 'array', maxItems: MAX_BULK_DOCS, items: { type: 'object' } },
    new_edits: { type: 'boolean' },
  },
} as const;
