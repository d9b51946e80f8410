import type { Consultation } from '@oblako/domain';
import { CONSULTATIONS_COLLECTION_DEFINITION } from '../../index';
import { openUserDatabase, removeUserDatabase, type UserDatabase } from '../../../../pwa/src/app/core/db/user-database';
import { walk, consultationIn, doctor, otherDoctor, patient, OTHER_SLOT } from '../../../domain/consultation/test-fixtures';

type Doc = Record<string, unknown> & { _deleted: boolean };
const asDoc = (consultation: Consultation): Doc => ({ ...(consultation as unknown as Record<string, unknown>), _deleted: false });

/** The consultations collection's own conflict rules, through RxDB's real conflict handler and the sync notices. */
describe('consultations conflict handler (real RxDB)', () => {
  let name: string;
  let user: UserDatabase;

  beforeEach(async () => {
    name = `test-consultation-conflicts-${crypto.randomUUID()}`;
    user = await openUserDatabase(name, [CONSULTATIONS_COLLECTION_DEFINITION]);
  });

  afterEach(async () => {
    await user.db.close();
    await removeUserDatabase(name);
  });

  const handler = () => user.db.collections['consultations']!.conflictHandler;

  it('patient cancelled offline while the doctor rescheduled: the cancel is replayed on top, and the patient is told', async () => {
    const base = consultationIn('scheduled');
    const local = walk(base, [[{ transition: 'cancel_by_patient', reason: 'Заболел' }, patient]]);
    const remote = walk(base, [[{ transition: 'reschedule', slot: OTHER_SLOT }, doctor]]);
    const merged = (await handler().resolve({ assumedMasterState: asDoc(base), newDocumentState: asDoc(local), realMasterState: asDoc(remote) }, 'test')) as unknown as Consultation;
    expect(merged.status).toBe('cancelled');
    expect(merged.history.map((entry) => entry.transition).slice(-2)).toEqual(['reschedule', 'cancel_by_patient']);
    const notices = await user.notices.list();
    expect(notices.length).toBe(1);
    expect(notices[0]).toEqual(jasmine.objectContaining({ kind: 'resolved', collection: 'consultations', docId: base.id }));
    expect(notices[0]!.messages?.length).toBe(1);
    expect(notices[0]!.messages![0]!.text?.ru).toBeTruthy();
    expect(notices[0]!.messages![0]!.text?.en).toBeTruthy();
  });

  it('the doctor rescheduled offline after the patient cancelled: the server version stands and the doctor is told', async () => {
    const base = consultationIn('scheduled');
    const local = walk(base, [[{ transition: 'reschedule', slot: OTHER_SLOT }, doctor]]);
    const remote = walk(base, [[{ transition: 'cancel_by_patient' }, patient]]);
    const merged = (await handler().resolve({ assumedMasterState: asDoc(base), newDocumentState: asDoc(local), realMasterState: asDoc(remote) }, 'test')) as unknown as Consultation;
    expect(merged.status).toBe('cancelled');
    expect(merged.slot).toEqual(base.slot);
    const [notice] = await user.notices.list();
    expect(notice?.kind).toBe('resolved');
    expect(notice?.messages?.[0]?.text?.ru).toContain('отмен');
  });

  it('two doctors took one patient: the first committed take stands, the other doctor is told', async () => {
    const base = consultationIn('ready');
    const local = walk(base, [[{ transition: 'take' }, otherDoctor]]);
    const remote = walk(base, [[{ transition: 'take' }, doctor]]);
    const merged = (await handler().resolve({ assumedMasterState: asDoc(base), newDocumentState: asDoc(local), realMasterState: asDoc(remote) }, 'test')) as unknown as Consultation;
    expect(merged.doctorId).toBe(doctor.id);
    expect(merged.history).toEqual(remote.history);
    const [notice] = await user.notices.list();
    expect(notice?.messages?.length).toBe(1);
  });

  it('a change that still applies is rebased silently (no notice)', async () => {
    const base = consultationIn('scheduled');
    const local = walk(base, [[{ transition: 'request_other_time', comment: 'Лучше вечером' }, patient]]);
    const remote = { ...base, doctorName: 'Смирнов А. В.' } as Consultation;
    const merged = (await handler().resolve({ assumedMasterState: asDoc(base), newDocumentState: asDoc(local), realMasterState: asDoc(remote) }, 'test')) as unknown as Consultation;
    expect(merged.timeRequest?.comment).toBe('Лучше вечером');
    expect(await user.notices.list()).toEqual([]);
  });
});
