import type { Role } from './roles';

/**
 * The one small contract every feature module fulfils. A module is a folder under `modules/`
 * whose `index.ts` exports one ModuleDefinition; the PWA shell and the sync server know the
 * feature only through `modules/registry.ts`. Nothing here depends on Angular or Fastify, so
 * both sides can import every definition.
 */
export interface ModuleDefinition {
  /** Stable id, also the i18n namespace: `profile`, `documents`, … */
  id: string;
  /** Replicated RxDB collections this module brings (keep the total across modules ≤ 10). */
  collections?: readonly CollectionDefinition[];
  /** The module's pages in the PWA, loaded lazily under `/<path>`. */
  ui?: ModuleUi;
  /**
   * Pages reachable without signing in (self-registration, password restore), mounted by the
   * shell under `/<path>` outside the signed-in layout (a signed-in person is sent home).
   */
  publicUi?: ModulePublicUi;
  /** Entries of the navigation, per role. */
  nav?: readonly NavEntry[];
  /**
   * The server side, as a URL of a file whose default export is a Fastify plugin. A URL (not an
   * import) keeps server code out of the browser bundle; the server imports it at start.
   */
  serverPlugin?: URL;
  /** CouchDB design documents (views, validate_doc_update) deployed idempotently at start. */
  designDocs?: readonly DesignDocDefinition[];
  /** UI strings; keys are namespaced by the module id (`profile.title`). */
  i18n?: Translations;
}

export interface ModuleUi {
  /** URL segment of the module's pages: `profile` → `/profile/...`. */
  path: string;
  /** Roles that may open the pages (the shell guards the route; the server guards the data). */
  roles: readonly Role[];
  /** Angular `Routes` of the module, typed loosely so this package stays framework-free. */
  loadRoutes: () => Promise<readonly unknown[]>;
  /**
   * Work the module keeps doing while someone of `roles` is signed in, whichever page is open
   * (an upload queue that resumes by itself, files kept for offline use). Loaded lazily after
   * sign-in, never in the start bundle; the shell calls the resolved function once, in an
   * Angular injection context (it may `inject()` root services and start them).
   */
  loadBackground?: () => Promise<() => void>;
}

export interface ModulePublicUi {
  path: string;
  loadRoutes: () => Promise<readonly unknown[]>;
  /** Links the sign-in page shows to these pages («Регистрация», «Забыли пароль?»). */
  signInLinks?: readonly PublicLink[];
}

export interface PublicLink {
  /** Absolute app path, e.g. `/register`. */
  path: string;
  /** i18n key of the label. */
  labelKey: string;
}

export interface NavEntry {
  /** Absolute app path, e.g. `/profile`. */
  path: string;
  /** i18n key of the label. */
  labelKey: string;
  /** i18n key of a short label for a phone's bottom bar (~10 letters fit), when the label is longer. */
  shortLabelKey?: string;
  /** Material Symbols ligature name. */
  icon: string;
  roles: readonly Role[];
  /** Lower comes first. */
  order: number;
  /**
   * A counter shown on the entry (unread notifications): the key a module's code publishes a
   * number under with the shell's NavBadges service; nothing is shown while it is 0 or unset.
   */
  badge?: string;
  /**
   * Where the entry shows: `main` (default) in the navigation; `account` in the account menu
   * behind the person's icon (their account and security pages).
   */
  placement?: 'main' | 'account';
}

export interface Translations {
  ru: Readonly<Record<string, string>>;
  en: Readonly<Record<string, string>>;
}

export interface DesignDocDefinition {
  /** A collection name (its store database) or a server database name. */
  db: string;
  doc: { _id: `_design/${string}`; [key: string]: unknown };
}

/**
 * How far a role reaches into a collection:
 * - `own`: documents whose partition is the user themself;
 * - `assigned`: documents of patients assigned to the doctor (plus `own`);
 * - `all`: every document;
 * - absent: nothing.
 */
export type Reach = 'own' | 'assigned' | 'all';
export type RoleReach = Partial<Record<Role, Reach>>;

export interface CollectionAccess {
  read: RoleReach;
  /** Create and update. */
  write: RoleReach;
  /** Setting `_deleted`. Absent: nobody may delete (documents are retired by a field instead). */
  delete?: RoleReach;
}

/** A JSON schema as RxDB wants it (primaryKey, version, …); validated on the server with ajv. */
export interface CollectionSchema {
  title?: string;
  description?: string;
  version: number;
  primaryKey: string;
  type: 'object';
  properties: Record<string, unknown>;
  required?: readonly string[];
  indexes?: readonly (string | readonly string[])[];
  additionalProperties?: boolean;
  [keyword: string]: unknown;
}

export interface CollectionDefinition {
  /** RxDB collection name and the replication path `/sync/<name>/`: `[a-z][a-z0-9_]*`. */
  name: string;
  schema: CollectionSchema;
  /** Field naming the partition (owner); the document id must be `<that value>:<local part>`. */
  partitionField: string;
  access: CollectionAccess;
  /**
   * A collection of one document per partition (the patient's profile): its only local id, so
   * every document's id is `<partition>:<singletonId>`. A second one (`<patient>:profile2`) is
   * refused: readers (staff lists) would show it as another row of the same person.
   */
  singletonId?: string;
  /** Fields that never change once written (the partition field always counts as one). */
  immutableFields?: readonly string[];
  /** Fields only certain roles may change (e.g. a doctor's conclusion); others must keep them. */
  fieldWriters?: Readonly<Record<string, readonly Role[]>>;
  /**
   * Rules JSON schema cannot say (a birth date in the past, a valid time zone). Pure; runs on
   * the server for every write and in the PWA before saving, so both show the same errors.
   */
  validate?: (doc: Readonly<Record<string, unknown>>) => readonly FieldIssue[];
  /**
   * A rule about the change as a whole, for what the options above cannot say: a deletion
   * allowed only in some states, a field that must name its writer, fields frozen once a state
   * is reached. Pure; runs last, for creations, updates and deletions alike, on the server for
   * every write and in the PWA before saving. Returns the problem, or null to allow the change.
   */
  checkChange?: (change: DocumentChange) => FieldIssue | null;
  /**
   * The collection's own rule for an edit of this device that met a different server version
   * (RxDB's conflict handler). Absent: the generic three-way field merge, which reports fields
   * changed on both sides. Pure; whatever it drops must come back as a notice, which the PWA
   * shows with the other sync notices until the person dismisses it.
   */
  resolveConflict?: (input: ConflictInput) => ConflictResolution;
  /** Upgrades of documents a device stored under older versions of `schema` (keyed by the new version). */
  migrations?: CollectionMigrations;
  /** Fields only a device stores, for its own indexes (a list's order); never sent, see DeviceFields. */
  deviceFields?: DeviceFields;
}

/**
 * Fields a device adds to each document of a collection as it stores it, so that an index can
 * serve a screen's order (RxDB reads a `desc` sort from no index, so "newest first" needs an
 * ascending key that is that order). Computed from the document on every write to the device's
 * storage (a page's edit, the pull, the first sync, a migration) and removed from everything read
 * back out of it: the app, the push and the conflict handler never see them, and the server's
 * schema (`schema`, `additionalProperties: false`) refuses them.
 */
export interface DeviceFields {
  /** JSON schema of each field (strings with a maxLength, required for an index). */
  properties: Readonly<Record<string, { type: 'string'; maxLength: number }>>;
  /** Indexes over them (RxDB adds `_deleted` in front and the primary key at the end). */
  indexes: readonly (readonly string[])[];
  /** The fields' values for a document as stored (pure; the same document gives the same values). */
  compute(doc: Readonly<Record<string, unknown>>): Record<string, string>;
}

/** One replication conflict (documents in their RxDB view, `_deleted` included). */
export interface ConflictInput {
  /** What this device last had from the server; undefined for a document created here. */
  base: Readonly<Record<string, unknown>> | undefined;
  /** This device's version. */
  local: Readonly<Record<string, unknown>>;
  /** The server's version. */
  remote: Readonly<Record<string, unknown>>;
  /** The zone the person reads times in (for texts that carry a time). */
  timeZone: string;
}

export interface ConflictResolution {
  /** The version to keep (pushed again when it differs from `remote`; the server checks it). */
  merged: Record<string, unknown>;
  /** What to tell the person on this device; empty when nothing of theirs was lost. */
  notices: readonly ConflictNotice[];
}

/** A message for the person: an i18n key (with params), or a ready text in both languages. */
export interface ConflictNotice {
  key?: string;
  params?: Readonly<Record<string, string | number>>;
  text?: Readonly<{ ru: string; en: string }>;
}

/**
 * How a device upgrades documents it stored under an older schema version: one function per
 * new version (RxDB `migrationStrategies`), returning the document for that version (or null
 * to drop it). Bump `schema.version` whenever the schema changes at all — RxDB refuses to open
 * a local database whose schema differs from the one it was created with.
 */
export type CollectionMigrations = Readonly<Record<number, (doc: Record<string, unknown>) => Record<string, unknown> | null>>;

/** One write as `CollectionDefinition.checkChange` sees it (documents in their RxDB view). */
export interface DocumentChange {
  writer: { id: string; role: Role };
  /** The stored document before the write; null when it is created (or recreated after a deletion). */
  before: Readonly<Record<string, unknown>> | null;
  /** The document as it would be stored; null for a deletion. */
  after: Readonly<Record<string, unknown>> | null;
}

/** One problem with one field: `code` is an i18n key suffix, e.g. `birthDate.future`. */
export interface FieldIssue {
  field: string;
  code: string;
}
