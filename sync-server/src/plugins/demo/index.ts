import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from './accounts';

export { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from './accounts';

/** Written when the seed has completed; its presence makes every later start skip the seed. */
const SEED_MARKER_ID = 'seed:demo';

/** The slice of the access plugin the seed needs (it may not be present in a stripped build). */
interface AccessAssigner {
  assign(doctorId: string, patientId: string, by?: string): Promise<void>;
}

/**
 * Demo mode only (app.ts does not register it in production): creates the demo people once.
 * Idempotent: an interrupted seed finishes on the next start; a completed one never runs again,
 * so accounts the demo user changes or removes stay that way.
 */
export default fp(
  async (app) => {
    if (app.config.mode !== 'demo') throw new Error('The demo seed must not run in production mode');
    const users = app.store.db('users');
    if (await exists(users, SEED_MARKER_ID)) return;

    const ensure = async (account: DemoAccount) =>
      (await app.accounts.findByPhone(account.phone)) ??
      app.accounts.create({ role: account.role, name: account.name, phone: account.phone, password: DEMO_PASSWORD });

    const created = {
      patient: await ensure(DEMO_ACCOUNTS.patient),
      secondPatient: await ensure(DEMO_ACCOUNTS.secondPatient),
      doctor: await ensure(DEMO_ACCOUNTS.doctor),
      manager: await ensure(DEMO_ACCOUNTS.manager),
    };
    const access = accessOf(app);
    if (access) await access.assign(created.doctor.id, created.patient.id);
    else app.log.warn('access plugin not available: the demo doctor is not assigned to the demo patient');

    await seedDoctorSettings(app, created.doctor.id);

    await users.put({ _id: SEED_MARKER_ID, type: 'seed', seededAt: new Date().toISOString() }).catch((error: { status?: number }) => {
      if (error.status !== 409) throw error;
    });
    app.log.info('demo accounts created');
  },
  { name: 'demo', dependencies: ['store', 'auth'] },
);

/**
 * The demo doctor's calendar (consultations module): Moscow time, Mon–Fri 09:00–13:00 and
 * 14:00–18:00, 30-minute slots, cardiology. Skipped when that module's store is not there.
 */
async function seedDoctorSettings(app: FastifyInstance, doctorId: string): Promise<void> {
  if (!app.modules.some((module) => module.collections?.some((collection) => collection.name === 'doctor_settings'))) return;
  const day = [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }];
  await app.store.db('doctor_settings').put({
    _id: `${doctorId}:settings`,
    doctorId,
    timeZone: 'Europe/Moscow',
    slotMinutes: 30,
    week: { mon: day, tue: day, wed: day, thu: day, fri: day },
    daysOff: [],
    specialties: ['cardiology'],
    updatedAt: new Date().toISOString(),
  }).catch((error: { status?: number }) => {
    if (error.status !== 409) throw error;
  });
}

function accessOf(app: FastifyInstance): AccessAssigner | null {
  if (!app.hasDecorator('access')) return null;
  const access = (app as unknown as { access?: Partial<AccessAssigner> }).access;
  return typeof access?.assign === 'function' ? (access as AccessAssigner) : null;
}

async function exists(db: PouchDB.Database, id: string): Promise<boolean> {
  try {
    await db.get(id);
    return true;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return false;
    throw error;
  }
}
