import { TERMINAL_STATUSES, type Consultation, type PatientReadiness } from '@oblako/domain';
import { accountsWithRole, getOrNull, readMany, type Account, type FastifyInstance } from '@oblako/server-kit';
import { documentsSummary } from '../context';
import { allDocs, DB, partitionDocs } from '../store';

/** What the stages list knows of one patient, independent of the clock (the promise is computed per request). */
export interface PatientFacts {
  patientId: string;
  name: string;
  phone: string;
  region: string;
  timeZone: string;
  /** The current consultation: one still going on, else the latest. */
  current: Consultation | null;
  doctorName: string;
  readiness: PatientReadiness;
}

type DocumentRow = { id: string; patientId: string; type: string; files: { fileId: string }[] };
type FileRow = { patientId: string; fileId: string; documentId: string; status: string };

/** Store databases whose changes change a stage row (their update sequences validate the snapshot). */
const SOURCES = [DB.profiles, DB.consultations, DB.documents, DB.documentFiles] as const;
/**
 * The accounts database changes all the time after an import (the SMS queue sets each new
 * patient's one-time password when their SMS goes out): its document count, which only a new
 * account changes, stands for it. A patient's name is their profile's (a source above); a phone
 * changed on the account alone shows with the next change of any source.
 */
const ACCOUNTS_DB = 'users';

function groupByPatient<T extends { patientId: string }>(list: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of list) {
    const own = map.get(item.patientId);
    if (own) own.push(item);
    else map.set(item.patientId, [item]);
  }
  return map;
}

type ProfileRow = { fullName?: string; region?: string; timeZone?: string };

function factsOf(
  patient: Account, profile: ProfileRow | undefined, consultations: readonly Consultation[], documents: readonly DocumentRow[], records: readonly FileRow[],
  doctorName: (id: string) => string,
): PatientFacts {
  const own = [...consultations].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  const current = own.find((consultation) => !TERMINAL_STATUSES.includes(consultation.status)) ?? own[0] ?? null;
  return {
    patientId: patient.id,
    name: profile?.fullName || patient.name,
    phone: patient.phone,
    region: profile?.region ?? '',
    timeZone: profile?.timeZone ?? '',
    current,
    doctorName: current?.doctorName ?? (current?.doctorId ? doctorName(current.doctorId) : ''),
    readiness: documentsSummary(documents, records).readiness,
  };
}

async function loadFacts(app: FastifyInstance): Promise<Map<string, PatientFacts>> {
  const [patients, consultations, documents, records] = await Promise.all([
    accountsWithRole(app, 'patient'),
    allDocs<Consultation>(app.store.db(DB.consultations)),
    allDocs<DocumentRow>(app.store.db(DB.documents)),
    allDocs<FileRow>(app.store.db(DB.documentFiles)),
  ]);
  const profiles = await readMany<ProfileRow>(app.store.db(DB.profiles), patients.map((patient) => `${patient.id}:profile`));
  const consultationsOf = groupByPatient(consultations);
  const documentsOf = groupByPatient(documents);
  const recordsOf = groupByPatient(records);
  const doctorIds = [...new Set(consultations.flatMap((consultation) => (consultation.doctorId ? [consultation.doctorId] : [])))];
  const doctors = await app.accounts.getMany(doctorIds);
  return new Map(patients.map((patient) => [patient.id, factsOf(
    patient, profiles.get(`${patient.id}:profile`), consultationsOf.get(patient.id) ?? [], documentsOf.get(patient.id) ?? [], recordsOf.get(patient.id) ?? [],
    (id) => doctors.get(id)?.name ?? '',
  )]));
}

/** One patient's facts read afresh (null: no longer a patient). */
async function loadPatient(app: FastifyInstance, patientId: string): Promise<PatientFacts | null> {
  const patient = await app.accounts.get(patientId);
  if (!patient || patient.role !== 'patient') return null;
  const [profile, consultations, documents, records] = await Promise.all([
    getOrNull<ProfileRow>(app.store.db(DB.profiles), `${patientId}:profile`),
    partitionDocs<Consultation>(app.store.db(DB.consultations), patientId),
    partitionDocs<DocumentRow>(app.store.db(DB.documents), patientId),
    partitionDocs<FileRow>(app.store.db(DB.documentFiles), patientId),
  ]);
  const doctors = await app.accounts.getMany(consultations.flatMap((consultation) => (consultation.doctorId ? [consultation.doctorId] : [])));
  return factsOf(patient, profile ?? undefined, consultations, documents, records, (id) => doctors.get(id)?.name ?? '');
}

/** Above this many changed patients, reading everyone again is cheaper than one by one. */
const INCREMENTAL_LIMIT = 500;

interface Snapshot {
  version: string;
  accounts: number;
  seqs: readonly (string | number)[];
  facts: Map<string, PatientFacts>;
  list: PatientFacts[];
}

/**
 * The snapshot brought up to date: the patients named by the changes of each source since the
 * snapshot's sequence are read again, one by one; a new account, or too many changes, reads
 * everyone. Null when it cannot be done incrementally.
 */
async function refreshed(app: FastifyInstance, old: Snapshot, accounts: number, seqs: readonly (string | number)[], version: string): Promise<Snapshot | null> {
  if (accounts !== old.accounts) return null;
  const changed = new Set<string>();
  for (const [index, name] of SOURCES.entries()) {
    if (String(seqs[index]) === String(old.seqs[index])) continue;
    const feed = await app.store.db(name).changes({ since: old.seqs[index], limit: INCREMENTAL_LIMIT + 1 });
    if (feed.results.length > INCREMENTAL_LIMIT) return null;
    for (const change of feed.results) {
      if (!change.id.startsWith('_')) changed.add(change.id.slice(0, change.id.indexOf(':')));
    }
    if (changed.size > INCREMENTAL_LIMIT) return null;
  }
  const facts = new Map(old.facts);
  for (const patientId of changed) {
    if (!old.facts.has(patientId)) continue;
    const fresh = await loadPatient(app, patientId);
    if (fresh) facts.set(patientId, fresh);
    else facts.delete(patientId);
  }
  return { version, accounts, seqs, facts, list: [...facts.values()] };
}

/**
 * Every patient's facts, read once and kept while the store's update sequences of the source
 * databases (and the number of accounts) are unchanged: a page of the list then costs five
 * `info()` calls and an in-memory sort instead of reading 5,000 patients' documents; after a
 * change, only the patients it names are read again. Nothing here is state another instance
 * needs: each instance checks the store's own sequences on every request (CouchDB's too), so a
 * change made through any instance is seen by the next page.
 */
export function createStageFacts(app: FastifyInstance): () => Promise<PatientFacts[]> {
  let snapshot: Snapshot | null = null;
  let loading: { version: string; promise: Promise<PatientFacts[]> } | null = null;
  return async () => {
    const [accountsInfo, ...infos] = await Promise.all([app.store.db(ACCOUNTS_DB).info(), ...SOURCES.map((name) => app.store.db(name).info())]);
    const seqs = infos.map((info) => info.update_seq);
    const version = [accountsInfo.doc_count, ...seqs].map(String).join('|');
    if (snapshot?.version === version) return snapshot.list;
    if (loading?.version !== version) {
      const previous = snapshot;
      const promise = (async () => {
        const next = (previous && (await refreshed(app, previous, accountsInfo.doc_count, seqs, version))) ?? await (async () => {
          const facts = await loadFacts(app);
          return { version, accounts: accountsInfo.doc_count, seqs, facts, list: [...facts.values()] };
        })();
        snapshot = next;
        return next.list;
      })();
      loading = { version, promise };
      promise.finally(() => {
        if (loading?.promise === promise) loading = null;
      }).catch(() => undefined);
    }
    return loading.promise;
  };
}
