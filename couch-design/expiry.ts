/**
 * Short-lived server records (refresh tokens, session revocations, sign-in failure counters)
 * carry `expiresAt` (ISO time). This view lists them by that time so the purge job can delete
 * what has expired: personal data is kept no longer than it is needed (152-FZ).
 */
export const expiryDesignDoc = {
  _id: '_design/expiry',
  language: 'javascript',
  views: {
    by_time: {
      map: 'function (doc) { if (typeof doc.expiresAt === "string") { emit(doc.expiresAt, null); } }',
    },
  },
} as const;
