import type { Role } from '../roles';

/**
 * The person asking, as far as authorisation cares: who they are, their role, and — for roles
 * whose reach is `assigned` — the patients currently assigned to them. The scope is read fresh
 * for every request (assignments change while a device is offline); the core never caches it.
 */
export interface Viewer {
  id: string;
  role: Role;
  /** Patients assigned to a doctor right now; ignored for roles that do not reach `assigned`. */
  assignedPatients?: ReadonlySet<string>;
}

/** A document as the store (CouchDB / PouchDB) holds it and as RxDB's CouchDB replication sends it. */
export interface StoredDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  [field: string]: unknown;
}

/**
 * Why a write was refused. `code` is stable (tests, logs, the PWA's message lookup); `reason`
 * is a clear English sentence for the CouchDB-style `{error, reason}` row; `field` names the
 * field when there is one.
 */
export interface WriteRefusal {
  error: 'forbidden';
  code: WriteRefusalCode;
  reason: string;
  field?: string;
}

export type WriteRefusalCode =
  | 'reserved_id'
  | 'invalid_id'
  | 'singleton_id'
  | 'reserved_field'
  | 'attachments_not_allowed'
  | 'role_cannot_write'
  | 'outside_scope'
  | 'role_cannot_delete'
  | 'partition_mismatch'
  | 'primary_key_mismatch'
  | 'immutable_field'
  | 'field_not_writable'
  | 'schema'
  | 'invalid_value'
  | 'change_refused';

/** One schema violation, as a JSON-schema validator reports it. */
export interface SchemaProblem {
  /** Top-level field the problem is about, when known. */
  field?: string;
  message: string;
}

/**
 * Validates the RxDB view of a document (primary key set, no `_` fields) against the
 * collection's JSON schema. Compiled once per collection by whoever has a validator library
 * (the server uses ajv); the core stays free of it.
 */
export type SchemaCheck = (data: Readonly<Record<string, unknown>>) => SchemaProblem | null;
