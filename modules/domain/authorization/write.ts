import type { CollectionDefinition } from '../module-contract';
import { partitionOf } from '../ids';
import { reachCovers, reachOf } from './reach';
import { isReservedId, sameJson, STORE_FIELDS, toDocumentData } from './doc-data';
import type { SchemaCheck, StoredDoc, Viewer, WriteRefusal, WriteRefusalCode } from './types';

export interface WriteCheckOptions {
  /** The collection's compiled JSON-schema check; without it only the other rules apply. */
  schemaCheck?: SchemaCheck;
}

function refuse(code: WriteRefusalCode, sentence: string, field?: string): WriteRefusal {
  const refusal: WriteRefusal = { error: 'forbidden', code, reason: `${sentence} (${code})` };
  if (field !== undefined) refusal.field = field;
  return refusal;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Decides one write (create, update or delete) of `newDoc` over the current stored state
 * `oldDoc` (null when the document does not exist; a deleted one counts as absent).
 * Returns null when the write is allowed, else the first rule it breaks.
 *
 * The order matters for least disclosure: id and ownership are checked before anything about
 * the content, so a refusal never tells a caller more about another person's document than
 * "not yours".
 */
export function checkWrite(
  collection: CollectionDefinition,
  viewer: Viewer,
  oldDoc: StoredDoc | null,
  newDoc: unknown,
  options: WriteCheckOptions = {},
): WriteRefusal | null {
  if (!isRecord(newDoc)) return refuse('invalid_id', 'A document must be a JSON object.');
  const id = newDoc['_id'];
  if (isReservedId(id)) return refuse('reserved_id', 'Document ids starting with "_" are reserved for the server.', '_id');
  const partition = typeof id === 'string' ? partitionOf(id) : null;
  if (typeof id !== 'string' || partition === null) {
    return refuse('invalid_id', 'The document id must be "<owner id>:<local part>" (local part: letters, digits, "_", "." or "-").', '_id');
  }

  const shapeRefusal = checkStoreFields(newDoc);
  if (shapeRefusal) return shapeRefusal;
  const doc = newDoc as StoredDoc;
  const isDelete = doc._deleted === true;

  if (isDelete) {
    if (!reachCovers(reachOf(collection.access.delete, viewer), viewer, partition)) {
      return refuse('role_cannot_delete', `Documents in "${collection.name}" cannot be deleted with your access.`);
    }
    // A bare tombstone carries nothing to check but the change itself; a deletion that keeps
    // the body (RxDB sends the whole document) must still be a valid body, since readers receive it.
    if (!hasBody(doc)) return changeRefusal(collection, viewer, liveOrNull(oldDoc), null);
  } else {
    const writeReach = reachOf(collection.access.write, viewer);
    if (writeReach === null) {
      return refuse('role_cannot_write', `Your role (${viewer.role}) may not write to "${collection.name}".`);
    }
    if (!reachCovers(writeReach, viewer, partition)) {
      return refuse('outside_scope', 'You may not write documents that belong to someone else.', '_id');
    }
  }

  return checkBody(collection, viewer, liveOrNull(oldDoc), doc, partition, options);
}

function liveOrNull(oldDoc: StoredDoc | null): StoredDoc | null {
  return oldDoc && oldDoc._deleted !== true ? oldDoc : null;
}

/** The collection's rule about the change as a whole (`checkChange`), run after every other rule. */
function changeRefusal(
  collection: CollectionDefinition,
  viewer: Viewer,
  current: StoredDoc | null,
  after: Record<string, unknown> | null,
): WriteRefusal | null {
  if (!collection.checkChange) return null;
  const primaryKey = collection.schema.primaryKey;
  const issue = collection.checkChange({
    writer: { id: viewer.id, role: viewer.role },
    before: current ? toDocumentData(current, primaryKey) : null,
    after,
  });
  if (!issue) return null;
  return refuse('change_refused', `This change is not allowed (${issue.field}.${issue.code}).`, issue.field);
}

function checkStoreFields(doc: Record<string, unknown>): WriteRefusal | null {
  for (const field of Object.keys(doc)) {
    if (field === '_attachments') {
      return refuse('attachments_not_allowed', 'Attachments are not replicated; files are uploaded separately.', field);
    }
    if (field.startsWith('_') && !STORE_FIELDS.has(field)) {
      return refuse('reserved_field', `Field "${field}" is reserved for the server.`, field);
    }
  }
  if ('_deleted' in doc && typeof doc['_deleted'] !== 'boolean') {
    return refuse('reserved_field', 'Field "_deleted" must be true or false.', '_deleted');
  }
  if ('_rev' in doc && typeof doc['_rev'] !== 'string') {
    return refuse('reserved_field', 'Field "_rev" must be a revision string.', '_rev');
  }
  return null;
}

function hasBody(doc: StoredDoc): boolean {
  return Object.keys(doc).some((field) => !STORE_FIELDS.has(field));
}

function checkBody(
  collection: CollectionDefinition,
  viewer: Viewer,
  current: StoredDoc | null,
  doc: StoredDoc,
  partition: string,
  options: WriteCheckOptions,
): WriteRefusal | null {
  const { partitionField } = collection;
  if (doc[partitionField] !== partition) {
    return refuse('partition_mismatch', `Field "${partitionField}" must equal the owner part of the document id.`, partitionField);
  }
  // RxDB takes its primary key from the body when present: a body claiming another id would
  // land under that id on every reader's device.
  const primaryKey = collection.schema.primaryKey;
  if (primaryKey in doc && doc[primaryKey] !== doc._id) {
    return refuse('primary_key_mismatch', `Field "${primaryKey}" must equal the document id.`, primaryKey);
  }
  if (collection.singletonId !== undefined && doc._id !== `${partition}:${collection.singletonId}`) {
    return refuse('singleton_id', `"${collection.name}" holds one document per owner, with the id "<owner id>:${collection.singletonId}".`, '_id');
  }

  if (current) {
    const immutable = new Set([partitionField, ...(collection.immutableFields ?? [])]);
    for (const field of immutable) {
      if (!sameJson(current[field], doc[field])) {
        return refuse('immutable_field', `Field "${field}" cannot be changed once written.`, field);
      }
    }
  }
  for (const [field, writers] of Object.entries(collection.fieldWriters ?? {})) {
    if (writers.includes(viewer.role)) continue;
    const unchanged = current ? sameJson(current[field], doc[field]) : doc[field] === undefined;
    if (!unchanged) {
      return refuse('field_not_writable', `Field "${field}" may only be changed by: ${writers.join(', ')}.`, field);
    }
  }

  const data = toDocumentData(doc, primaryKey);
  const problem = options.schemaCheck?.(data);
  if (problem) {
    return refuse('schema', `The document does not match the "${collection.name}" schema: ${problem.message}.`, problem.field);
  }
  const issue = collection.validate?.(data)[0];
  if (issue) {
    return refuse('invalid_value', `Field "${issue.field}" is invalid (${issue.field}.${issue.code}).`, issue.field);
  }
  return changeRefusal(collection, viewer, current, doc._deleted === true ? null : data);
}
