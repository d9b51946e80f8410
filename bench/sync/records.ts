import type { CollectionDefinition, CollectionSchema, ModuleDefinition } from '@oblako/domain';

/**
 * The bench data: patient-record-like documents (a vitals check with complaints and a doctor's
 * note, Russian text), about 600 bytes each as stored JSON. Deterministic, so every server gets
 * byte-identical data and every run pushes documents of the same shape.
 */

/** Seeded store documents, pulled in every pull run. */
export const PULL_COLLECTION = 'bench_records';
/** Empty at start; every push run adds new documents here, so pulls never see them. */
export const PUSH_COLLECTION = 'bench_uploads';

export interface BenchRecord {
  patientId: string;
  kind: 'observation';
  title: string;
  recordedAt: string;
  updatedAt: string;
  author: { id: string; name: string; specialty: string };
  vitals: { systolic: number; diastolic: number; pulse: number; temperatureC: number; spo2: number; weightKg: number };
  complaints: string;
  notes: string;
  tags: string[];
  status: 'final';
}

/** As stored on a server and sent over the CouchDB protocol: `_id` only, no `id` (RxDB maps it). */
export type StoredRecord = BenchRecord & { _id: string };

export const recordSchema: CollectionSchema = {
  title: 'bench record',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', maxLength: 120 },
    patientId: { type: 'string', maxLength: 64 },
    kind: { type: 'string', enum: ['observation'] },
    title: { type: 'string', maxLength: 200 },
    recordedAt: { type: 'string', format: 'date-time', maxLength: 40 },
    updatedAt: { type: 'string', format: 'date-time', maxLength: 40 },
    author: {
      type: 'object',
      additionalProperties: false,
      properties: {
        id: { type: 'string', maxLength: 64 },
        name: { type: 'string', maxLength: 200 },
        specialty: { type: 'string', maxLength: 100 },
      },
      required: ['id', 'name', 'specialty'],
    },
    vitals: {
      type: 'object',
      additionalProperties: false,
      properties: {
        systolic: { type: 'integer', minimum: 40, maximum: 300 },
        diastolic: { type: 'integer', minimum: 20, maximum: 200 },
        pulse: { type: 'integer', minimum: 20, maximum: 250 },
        temperatureC: { type: 'number', minimum: 30, maximum: 45 },
        spo2: { type: 'integer', minimum: 50, maximum: 100 },
        weightKg: { type: 'number', minimum: 1, maximum: 400 },
      },
      required: ['systolic', 'diastolic', 'pulse', 'temperatureC', 'spo2', 'weightKg'],
    },
    complaints: { type: 'string', maxLength: 1000 },
    notes: { type: 'string', maxLength: 2000 },
    tags: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 40 } },
    status: { type: 'string', enum: ['final'] },
  },
  required: ['id', 'patientId', 'kind', 'title', 'recordedAt', 'updatedAt', 'author', 'vitals', 'complaints', 'notes', 'tags', 'status'],
};

function benchCollection(name: string): CollectionDefinition {
  return {
    name,
    schema: recordSchema,
    partitionField: 'patientId',
    access: { read: { patient: 'own' }, write: { patient: 'own' } },
    immutableFields: ['patientId'],
  };
}

/** A bench-only module: given to buildApp({ modules }) instead of the registry. */
export const benchModule: ModuleDefinition = {
  id: 'bench',
  collections: [benchCollection(PULL_COLLECTION), benchCollection(PUSH_COLLECTION)],
};

const TITLES = ['Контроль давления', 'Плановый осмотр', 'Головная боль', 'После выписки', 'Консультация'];
const DOCTORS = [
  { name: 'Иванова А. П.', specialty: 'кардиолог' },
  { name: 'Смирнов О. В.', specialty: 'терапевт' },
  { name: 'Кузнецова М. И.', specialty: 'невролог' },
];
const COMPLAINTS = ['Головная боль по утрам.', 'Одышка при нагрузке.', 'Жалоб нет.', 'Головокружение, плохой сон.'];
const NOTES = [
  'Давление стабильно на фоне терапии. Контроль через две недели. ',
  'Ограничить соль, ходьба 30 минут в день, дневник давления. ',
  'Анализы в норме. Повторный осмотр через месяц. ',
];
const TAGS = ['гипертония', 'контроль', 'онлайн', 'плановый'];

/** Deterministic pseudo-random numbers (mulberry32): same data on every server and every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE_TIME = Date.UTC(2025, 0, 1);

/** One record; `localId` becomes the part after `<patientId>:` in the document id. */
export function makeRecord(patientId: string, localId: string, n: number, targetBytes: number): StoredRecord {
  const next = random(n + 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const doctor = pick(DOCTORS);
  const recordedAt = new Date(BASE_TIME + n * 3_600_000).toISOString();
  const record: StoredRecord = {
    _id: `${patientId}:${localId}`,
    patientId,
    kind: 'observation',
    title: pick(TITLES),
    recordedAt,
    updatedAt: recordedAt,
    author: { id: `doctor-${DOCTORS.indexOf(doctor) + 1}`, name: doctor.name, specialty: doctor.specialty },
    vitals: {
      systolic: 110 + Math.floor(next() * 50),
      diastolic: 70 + Math.floor(next() * 25),
      pulse: 55 + Math.floor(next() * 40),
      temperatureC: Math.round((36.2 + next() * 1.2) * 10) / 10,
      spo2: 94 + Math.floor(next() * 6),
      weightKg: Math.round((55 + next() * 45) * 10) / 10,
    },
    complaints: pick(COMPLAINTS),
    notes: '',
    tags: [pick(TAGS), pick(TAGS)],
    status: 'final',
  };
  // Fill the note up to the target size (Cyrillic is 2 bytes a letter in UTF-8; the note text
  // has nothing JSON escapes, so its bytes add one for one).
  const room = targetBytes - Buffer.byteLength(JSON.stringify(record));
  const note = pick(NOTES);
  let notes = '';
  let bytes = 0;
  for (let i = 0; ; i++) {
    const char = note[i % note.length]!;
    const size = Buffer.byteLength(char);
    if (bytes + size > room) break;
    notes += char;
    bytes += size;
  }
  record.notes = notes;
  return record;
}

/** The seeded documents: ids `<patientId>:00001` … in order. */
export function pullRecords(patientId: string, count: number, targetBytes: number): StoredRecord[] {
  return Array.from({ length: count }, (_, i) => makeRecord(patientId, String(i + 1).padStart(5, '0'), i, targetBytes));
}

/** New documents for one push run: ids `<patientId>:<tag>-<n>`, unique per run. */
export function pushRecords(patientId: string, runTag: string, count: number, targetBytes: number): StoredRecord[] {
  return Array.from({ length: count }, (_, i) => makeRecord(patientId, `${runTag}-${String(i + 1).padStart(4, '0')}`, 100_000 + i, targetBytes));
}

export function averageBytes(records: readonly object[]): number {
  const total = records.reduce((sum, record) => sum + Buffer.byteLength(JSON.stringify(record)), 0);
  return Math.round(total / Math.max(1, records.length));
}
