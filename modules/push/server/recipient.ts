import { docId, isValidTimeZone, type Consultation, type StoredDoc } from '@oblako/domain';
import { getOrNull, readMany, type Account, type FastifyInstance } from '@oblako/server-kit';
import type { SubscriptionDoc } from './subscriptions';
import { READ_DB } from './jobs';

const FALLBACK_ZONE = 'Europe/Moscow';

export interface Recipient {
  role: 'patient' | 'doctor' | 'manager';
  /** The zone the person reads times in: the patient's profile, the doctor's calendar. */
  timeZone: string;
  /** Where an SMS would go (patients: the profile's contact phone, else the sign-in phone). */
  phone?: string;
}

/** Who a job is for, read when it is sent (a zone changed since the booking counts). */
export async function recipientOf(app: FastifyInstance, accountId: string, role?: Recipient['role']): Promise<Recipient | null> {
  const account = await app.accounts.get(accountId);
  const actualRole = (role ?? account?.role) as Recipient['role'] | undefined;
  const [profile, settings] = await Promise.all([
    actualRole === 'patient' ? getOrNull<ProfileView>(app.store.db(READ_DB.profiles), docId(accountId, 'profile')) : null,
    actualRole === 'doctor' ? getOrNull<{ timeZone?: string }>(app.store.db(READ_DB.doctorSettings), `${accountId}:settings`) : null,
  ]);
  return recipientFrom(account, role, profile, settings);
}

interface ProfileView {
  timeZone?: string;
  contactPhone?: string;
}

/** The zone and phone of a person from their account and, by role, profile or calendar settings. */
function recipientFrom(account: Account | null | undefined, role: Recipient['role'] | undefined, profile: ProfileView | null | undefined, settings: { timeZone?: string } | null | undefined): Recipient | null {
  if (!account || account.disabled) return null;
  const actualRole = (role ?? account.role) as Recipient['role'];
  if (actualRole === 'patient') return { role: 'patient', timeZone: validZone(profile?.timeZone), phone: profile?.contactPhone || account.phone };
  if (actualRole === 'doctor') return { role: 'doctor', timeZone: validZone(settings?.timeZone), phone: account.phone };
  return { role: 'manager', timeZone: FALLBACK_ZONE, phone: account.phone };
}

function validZone(zone: string | undefined): string {
  return zone && isValidTimeZone(zone) ? zone : FALLBACK_ZONE;
}

export async function consultationOf(app: FastifyInstance, id: string): Promise<Consultation | null> {
  const doc = await getOrNull<StoredDoc & { _rev?: string }>(app.store.db(READ_DB.consultations), id);
  return doc ? toConsultation(doc) : null;
}

/** Recipients, consultations and devices a batch of jobs needs, read with one request per database. */
export interface BatchReads {
  recipient(accountId: string, role?: Recipient['role']): Recipient | null;
  consultation(id: string): Consultation | null;
  devices(accountId: string): SubscriptionDoc[];
}

/**
 * Reads for a batch of jobs at once: the accounts (`getMany`), the patients' profiles and the
 * doctors' settings (`_all_docs` with keys), the consultations of reminders, and each account's
 * devices (one range read per distinct account, in parallel) — instead of four reads per job.
 */
export async function readForBatch(
  app: FastifyInstance,
  jobs: readonly { accountId: string; role?: Recipient['role']; source: string; consultationId: string }[],
  listDevices: (accountIds: readonly string[]) => Promise<Map<string, SubscriptionDoc[]>>,
): Promise<BatchReads> {
  const accountIds = [...new Set(jobs.map((job) => job.accountId))];
  const consultationIds = [...new Set(jobs.filter((job) => job.source === 'reminder').map((job) => job.consultationId))];
  const [accounts, consultations, devices] = await Promise.all([
    app.accounts.getMany(accountIds),
    consultationIds.length > 0 ? readMany<StoredDoc & { _rev?: string }>(app.store.db(READ_DB.consultations), consultationIds) : Promise.resolve(new Map<string, StoredDoc & { _rev?: string }>()),
    listDevices(accountIds),
  ]);
  const roleOf = (job: { accountId: string; role?: Recipient['role'] }) => (job.role ?? accounts.get(job.accountId)?.role) as Recipient['role'] | undefined;
  const patients = [...new Set(jobs.filter((job) => roleOf(job) === 'patient').map((job) => job.accountId))];
  const doctors = [...new Set(jobs.filter((job) => roleOf(job) === 'doctor').map((job) => job.accountId))];
  const [profiles, settings] = await Promise.all([
    patients.length > 0 ? readMany<ProfileView>(app.store.db(READ_DB.profiles), patients.map((id) => docId(id, 'profile'))) : Promise.resolve(new Map<string, ProfileView>()),
    doctors.length > 0 ? readMany<{ timeZone?: string }>(app.store.db(READ_DB.doctorSettings), doctors.map((id) => `${id}:settings`)) : Promise.resolve(new Map<string, { timeZone?: string }>()),
  ]);
  return {
    recipient: (accountId, role) => recipientFrom(accounts.get(accountId), role, profiles.get(docId(accountId, 'profile')), settings.get(`${accountId}:settings`)),
    consultation(id) {
      const doc = consultations.get(id);
      return doc ? toConsultation(doc) : null;
    },
    devices: (accountId) => devices.get(accountId) ?? [],
  };
}

function toConsultation(doc: StoredDoc & { _rev?: string }): Consultation {
  const { _id, _rev: _ignored, ...rest } = doc;
  return { id: _id, ...rest } as unknown as Consultation;
}
