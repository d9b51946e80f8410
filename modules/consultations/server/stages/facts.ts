import { TERMINAL_STATUSES, type Consultation, type PatientReadiness } from '@oblako/domain';
import { accountsWithRole, readMany, type FastifyInstance } from '@oblako/server-kit';
import { documentsSummary } from '../context';
import { allDocs, DB } from '../store';

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

async function loadFacts(app: FastifyInstance): Promise<PatientFacts[]> {
  const [patients, consultations, documents, records] = await Promise.all([
    accountsWithRole(app, 'patient'),
    allDocs<Consultation>(app.store.db(DB.consultations)),
    allDocs<DocumentRow>(app.store.db(DB.documents)),
    allDocs<FileRow>(app.store.db(DB.documentFiles)),
  ]);
  const profiles = await readMany<{ fullName?: string; region?: string; timeZone?: string }>(
    app.store.db(DB.profiles),
    patients.map((patient) => `${patient.id}:profile`),
  );
  const consultationsOf = groupByPatient(consultations);
  const documentsOf = groupByPatient(documents);
  const recordsOf = groupByPatient(records);
  const doctorIds = [...new Set(consultations.flatMap((consultation) => (consultation.doctorId ? [consultation.doctorId] : [])))];
  const doctors = await app.accounts.getMany(doctorIds);
  return patients.map((patient): PatientFacts => {
    const own = [...(consultationsOf.get(patient.id) ?? [])].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    const current = own.find((consultation) => !TERMINAL_STATUSES.includes(consultation.status)) ?? own[0] ?? null;
    const profile = profiles.get(`${patient.id}:profile`);
    return {
      patientId: patient.id,
      name: profile?.fullName || patient.name,
      phone: patient.phone,
      region: profile?.region ?? '',
      timeZone: profile?.timeZone ?? '',
      current,
      doctorName: current?.doctorName ?? (current?.doctorId ? (doctors.get(current.doctorId)?.name ?? '') : ''),
      readiness: documentsSummary(documentsOf.get(patient.id) ?? [], recordsOf.get(patient.id) ?? []).readiness,
    };
  });
}

/**
 * Every patient's facts, read once and kept while the store's update sequences of the source
 * databases (and the number of accounts) are unchanged: a page of the list then costs five `info()` calls and an in-memory
 * sort instead of reading 5,000 patients' documents. Nothing here is state another instance
 * needs: each instance checks the store's own sequences on every request (CouchDB's too), so a
 * change made through any instance is seen by the next page.
 */
export function createStageFacts(app: FastifyInstance): () => Promise<PatientFacts[]> {
  let snapshot: { version: string; facts: PatientFacts[] } | null = null;
  let loading: { version: string; promise: Promise<PatientFacts[]> } | null = null;
  return async () => {
    const [accounts, ...infos] = await Promise.all([app.store.db(ACCOUNTS_DB).info(), ...SOURCES.map((name) => app.store.db(name).info())]);
    const version = [accounts.doc_count, ...infos.map((info) => info.update_seq)].map(String).join('|');
    if (snapshot?.version === version) return snapshot.facts;
    if (loading?.version !== version) {
      const promise = loadFacts(app).then((facts) => {
        snapshot = { version, facts };
        return facts;
      });
      loading = { version, promise };
      promise.finally(() => {
        if (loading?.promise === promise) loading = null;
      }).catch(() => undefined);
    }
    return loading.promise;
  };
}
