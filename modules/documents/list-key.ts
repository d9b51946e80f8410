import type { DeviceFields } from '@oblako/domain';

/** The widths of the key's parts (the schema's maxLength of each field): fixed, so the parts never mix. */
const DATE_WIDTH = 10;
const CREATED_AT_WIDTH = 40;

/** The device-only field that is a doctor's order of a patient's documents, ascending (see `listKey`). */
export const LIST_KEY_FIELD = 'listKey';

/**
 * A document's place in its doctor's list as one ascending string, so an IndexedDB index
 * `[patientId, listKey]` (+ the id, which RxDB appends) walks a patient's documents in review
 * order (lists/review-order.ts: those still to review first, then newest date, then the later
 * written, then the id) and a first screen reads only its first cards. RxDB 17 serves no `desc`
 * sort from an index, hence "newest first" written as ascending: every character of the date and
 * of createdAt turned around (code unit c → 0xFFFF − c) and padded to a fixed width with what
 * sorts after every turned character, so a shorter string (a prefix) sorts after the longer one,
 * as it does in the descending order.
 */
export function listKey(doc: Readonly<Record<string, unknown>>): string {
  const reviewed = typeof doc['reviewedAt'] === 'string' && doc['reviewedAt'] !== '' ? '1' : '0';
  return reviewed + descending(doc['date'], DATE_WIDTH) + descending(doc['createdAt'], CREATED_AT_WIDTH);
}

function descending(value: unknown, width: number): string {
  const text = typeof value === 'string' ? value.slice(0, width) : '';
  let turned = '';
  for (let i = 0; i < text.length; i++) turned += String.fromCharCode(0xffff - text.charCodeAt(i));
  return turned.padEnd(width, '\uffff');
}

/** The documents' device-only fields: the review-order key and its index per patient. */
export const DOCUMENT_DEVICE_FIELDS: DeviceFields = {
  properties: { [LIST_KEY_FIELD]: { type: 'string', maxLength: 1 + DATE_WIDTH + CREATED_AT_WIDTH } },
  indexes: [['patientId', LIST_KEY_FIELD]],
  compute: (doc) => ({ [LIST_KEY_FIELD]: listKey(doc) }),
};
