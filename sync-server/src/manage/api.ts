/** The local endpoints `npm run manage` uses while the server runs (see plugins/manage). */
export const MANAGE_API = {
  /** GET → {ok, pid}: is the server behind the control file alive. */
  ping: '/api/manage/ping',
  /** POST {phone, name} → 201 CreatedManager (one-time password included). */
  managers: '/api/manage/managers',
  /** POST {} → 200 application/gzip: the backup archive (backup-format.ts). */
  backup: '/api/manage/backup',
} as const;
