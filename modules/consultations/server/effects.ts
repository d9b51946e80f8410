import { randomUUID } from 'node:crypto';
import { brandedSms, docId, noticeText, TERMINAL_STATUSES, type Consultation, type Notice, type NoticeKind, type StoredDoc } from '@oblako/domain';
import { accountsWithRole, type FastifyInstance, getOrNull } from '@oblako/server-kit';
import { NOTIFICATION_LOCAL_PREFIX, type ConsultationNotification } from '../schema';
import { DB, partitionDocs } from './store';

/** Notices the patient also gets by SMS (the time in their own zone, the zone named). */
const SMS_KINDS: ReadonlySet<NoticeKind> = new Set(['scheduled', 'rescheduled', 'cancelled_by_doctor', 'cancelled_by_manager']);
const FALLBACK_ZONE = 'Europe/Moscow';

interface ProfileView {
  fullName?: string;
  timeZone?: string;
  contactPhone?: string;
  birthDate?: string;
  region?: string;
}

export async function profileOf(app: FastifyInstance, patientId: string): Promise<ProfileView | null> {
  return getOrNull<ProfileView>(app.store.db(DB.profiles), docId(patientId, 'profile'));
}

/** Who a notice goes to: its user, or every active manager. */
async function recipientsOf(app: FastifyInstance, notice: Notice): Promise<string[]> {
  if (notice.recipient === 'managers') {
    return (await accountsWithRole(app, 'manager')).filter((account) => !account.disabled).map((account) => account.id);
  }
  return notice.userId ? [notice.userId] : [];
}

/**
 * One `notifications` document per recipient per notice, written by the server (the recipient
 * may only mark it read). Returns the documents written, by notice.
 */
export async function writeNotifications(
  app: FastifyInstance,
  consultation: Consultation,
  notices: readonly Notice[],
  /** Runs with the documents about to be written (their ids fixed), before they are stored. */
  beforeStoring?: (planned: ReadonlyMap<Notice, ConsultationNotification[]>) => Promise<void>,
): Promise<Map<Notice, ConsultationNotification[]>> {
  const written = new Map<Notice, ConsultationNotification[]>();
  const docs: StoredDoc[] = [];
  const createdAt = new Date().toISOString();
  // Staff read whom a notification is about (a doctor's notice of a cancellation names the patient).
  let patientName: Promise<string> | undefined;
  const nameOfPatient = () => (patientName ??= profileOf(app, consultation.patientId)
    .then(async (profile) => profile?.fullName || (await app.accounts.get(consultation.patientId))?.name || ''));
  for (const notice of notices) {
    if (notice.delivery !== 'server') continue;
    const list: ConsultationNotification[] = [];
    for (const recipientId of await recipientsOf(app, notice)) {
      const notification: ConsultationNotification = {
        id: docId(recipientId, `${NOTIFICATION_LOCAL_PREFIX}${randomUUID()}`),
        recipientId,
        kind: notice.kind,
        consultationId: notice.consultationId,
        patientId: notice.patientId,
        specialty: consultation.specialty,
        createdAt,
      };
      if (notice.transition) notification.transition = notice.transition;
      if (notice.slot) notification.slot = notice.slot;
      if (notice.previousSlot) notification.previousSlot = notice.previousSlot;
      if (notice.text) notification.text = notice.text;
      if (consultation.doctorName) notification.doctorName = consultation.doctorName;
      if (recipientId !== consultation.patientId) {
        const name = (await nameOfPatient()).slice(0, 200);
        if (name) notification.patientName = name;
      }
      list.push(notification);
      const { id, ...rest } = notification;
      docs.push({ _id: id, ...rest });
    }
    written.set(notice, list);
  }
  if (beforeStoring) await beforeStoring(written);
  if (docs.length > 0) await app.store.db(DB.notifications).bulkDocs(docs);
  return written;
}

/**
 * SMS to the patient for a scheduled, moved or cancelled consultation, in the patient's zone,
 * out of the patient's night unless the consultation starts soon (the queue's quiet hours).
 * Each stands in for its cabinet notification: where a channel that reaches the phone first is
 * registered (web push), the SMS is held until that channel says whether it got through. Call
 * it before the notifications are stored, so the SMS exists when that channel decides.
 */
export async function sendSms(app: FastifyInstance, notices: ReadonlyMap<Notice, ConsultationNotification[]>): Promise<void> {
  for (const [notice, notifications] of notices) {
    if (notice.recipient !== 'patient' || !SMS_KINDS.has(notice.kind)) continue;
    const notification = notifications[0];
    if (!notification) continue;
    const [profile, account] = await Promise.all([profileOf(app, notice.patientId), app.accounts.get(notice.patientId)]);
    const to = profile?.contactPhone || account?.phone;
    if (!to) continue;
    const timeZone = profile?.timeZone || FALLBACK_ZONE;
    const text = brandedSms(noticeText(notice, { language: 'ru', timeZone }));
    const startsAt = [notice.slot?.start, notice.previousSlot?.start].filter((start): start is string => typeof start === 'string');
    await app.sms.enqueue({
      key: `consultation:${notification.id}`, to, purpose: 'consultation', accountId: notice.patientId, text,
      standsInFor: notification.id, quietHours: { timeZone, startsAt },
    });
  }
}

/**
 * Access follows the consultation's doctor: a new doctor is assigned to the patient (their
 * documents replicate to the doctor's devices); the previous one loses the patient unless they
 * hold another consultation of that patient that is still going on.
 */
export async function syncAccess(app: FastifyInstance, before: Consultation | null, after: Consultation, by: string): Promise<void> {
  const previous = before?.doctorId;
  if (after.doctorId === previous) return;
  if (after.doctorId) await app.access.assign(after.doctorId, after.patientId, by);
  if (!previous) return;
  const others = await partitionDocs<Consultation>(app.store.db(DB.consultations), after.patientId);
  const stillHolds = others.some((other) => other.id !== after.id && other.doctorId === previous && !TERMINAL_STATUSES.includes(other.status));
  if (!stillHolds) await app.access.revoke(previous, after.patientId, by);
}
