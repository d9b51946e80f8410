import { docId } from '@oblako/domain';
import { createWriteBatcher, type ModuleServerPlugin } from '@oblako/server-kit';
import { PROFILE_LOCAL_ID, type PatientProfile } from '../schema';

/** The store database of the `profiles` collection (the replication serves the same one). */
const PROFILES_DB = 'profiles';
const DEFAULT_TIME_ZONE = 'Europe/Moscow';

/**
 * Every patient has a profile from the moment their account exists, filled with what the
 * account knows, so the first sync already brings it and the form never starts blank.
 */
const profileServerPlugin: ModuleServerPlugin = async (app) => {
  // A bulk import creates thousands of patients at once: their profiles go in shared writes.
  const profiles = createWriteBatcher(app.store.db(PROFILES_DB));
  app.accounts.onCreated(async (account, details = {}) => {
    if (account.role !== 'patient') return;
    // Stored as CouchDB sees it: the primary key lives in `_id` only. A second `id` field would
    // stay in the document data on the device (RxDB maps `_id` only when `id` is absent).
    const profile: Omit<PatientProfile, 'id'> & { _id: string } = {
      _id: docId(account.id, PROFILE_LOCAL_ID),
      patientId: account.id,
      fullName: account.name,
      // What the person gave at sign-up (self-registration) or the referral table said (import).
      birthDate: details.birthDate ?? '',
      region: details.region ?? '',
      timeZone: details.timeZone ?? DEFAULT_TIME_ZONE,
      contactPhone: account.phone,
      updatedAt: new Date().toISOString(),
    };
    const outcome = await profiles.put(profile);
    // Already there (a retried create, a restart of the seed): the patient's edits win.
    if (!outcome.ok && !outcome.conflict) throw new Error(`Creating the profile failed: ${outcome.error ?? 'unknown error'}`);
  });
};

export default profileServerPlugin;
