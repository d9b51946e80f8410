import { readMany, writeMany, type FastifyInstance } from '@oblako/server-kit';
import { followFeed, type Follower } from './feed-follower';
import { PUSH_DB, READ_DB, type PushJobDoc } from './jobs';
import { consultationOf } from './recipient';
import { planReminders, reminderPrefix, type PlannedReminder } from './reminder-plan';
import type { JobIndex } from './job-index';

/**
 * The durable reminder scheduler: follows the consultations and keeps, for each, exactly the
 * reminders its current booking needs as documents in the store (planReminders). A move plans
 * new ones (the time is in their ids) and cancels the old; a cancellation cancels them all.
 * Several instances do the same writes with the same ids: the store keeps one of each.
 */
export function followConsultations(app: FastifyInstance, index: JobIndex): Follower {
  const jobs = app.store.db(PUSH_DB.jobs);
  return followFeed(app, READ_DB.consultations, jobs, '_local/push-reminders', async (ids) => {
    const now = new Date();
    const wanted: PushJobDoc[] = [];
    const stale: PushJobDoc[] = [];
    const revived: PushJobDoc[] = [];
    for (const consultationId of ids) {
      const consultation = await consultationOf(app, consultationId);
      const planned = consultation ? planReminders(consultation, now) : [];
      // What this booking needs at all (also reminders due during a downtime, still pending).
      const bookingIds = new Set((consultation ? planReminders(consultation, new Date(0)) : []).map((reminder) => reminder.id));
      const existing = await jobs.allDocs({ include_docs: true, startkey: reminderPrefix(consultationId), endkey: `${reminderPrefix(consultationId)}\ufff0` });
      const have = new Set<string>();
      for (const row of existing.rows) {
        const job = row.doc as unknown as PushJobDoc | undefined;
        if (!job) continue;
        have.add(job._id);
        if (!bookingIds.has(job._id) && job.state === 'queued') stale.push(job);
        // Moved away and back: the reminders of this time are wanted again.
        else if (bookingIds.has(job._id) && job.state === 'cancelled' && planned.some((reminder) => reminder.id === job._id)) revived.push(job);
      }
      for (const reminder of planned) if (!have.has(reminder.id)) wanted.push(reminderJob(reminder, now));
    }
    const at = now.toISOString();
    const cancelled = stale.map((job): PushJobDoc => ({ ...job, state: 'cancelled', lastError: 'The consultation was moved or cancelled', updatedAt: at }));
    const again = revived.map((job): PushJobDoc => {
      const { lastError: _reason, ...rest } = job;
      return { ...rest, state: 'queued', updatedAt: at };
    });
    const docs = [...wanted, ...cancelled, ...again];
    const outcomes = await writeMany(jobs, docs);
    const failed = outcomes.find((outcome) => !outcome.ok && !outcome.conflict);
    if (failed) throw new Error(`writing reminders failed for ${failed.id}: ${failed.error ?? ''}`);
    docs.forEach((doc, position) => {
      const outcome = outcomes[position]!;
      if (outcome.ok) index.note({ ...doc, _rev: outcome.rev! });
    });
    // A cancel that lost to a sender's claim: the sender re-reads the consultation and drops it.
  });
}

function reminderJob(reminder: PlannedReminder, now: Date): PushJobDoc {
  const at = now.toISOString();
  return {
    _id: reminder.id,
    type: 'push_job',
    source: 'reminder',
    accountId: reminder.accountId,
    role: reminder.role,
    kind: reminder.kind,
    consultationId: reminder.consultationId,
    patientId: reminder.patientId,
    slot: reminder.slot,
    dueAt: reminder.dueAt,
    expiresAt: reminder.expiresAt,
    state: 'queued',
    attempts: 0,
    createdAt: at,
    updatedAt: at,
  };
}

/** Notifications the cabinet got that still make sense as a push after this long. */
const URGENT_NOTICE_MS = 15 * 60_000;
const NOTICE_MS = 24 * 3600_000;
const URGENT_NOTICES: ReadonlySet<string> = new Set(['call_started', 'patient_waiting']);

interface NotificationDoc {
  _id: string;
  recipientId: string;
  kind: string;
  consultationId: string;
  patientId: string;
  slot?: { start: string; end: string };
  createdAt: string;
  readAt?: string;
}

/**
 * The push channel of the cabinet: every notification written for a person (by any module —
 * consultations, video's «пациент ожидает») becomes one push job `notice:<notification id>`.
 * Already read, or too old to matter (a restart after a long downtime): no push.
 */
export function followNotifications(app: FastifyInstance, index: JobIndex): Follower {
  const jobs = app.store.db(PUSH_DB.jobs);
  const notifications = app.store.db(READ_DB.notifications);
  return followFeed(app, READ_DB.notifications, jobs, '_local/push-notices', async (ids) => {
    const found = await readMany<NotificationDoc>(notifications, ids);
    const now = Date.now();
    const at = new Date(now).toISOString();
    const docs: PushJobDoc[] = [];
    for (const notification of found.values()) {
      // Read in the cabinet: the person has it, a stand-in SMS still held is not needed (settling
      // is idempotent; one already released or sent stays as it is).
      if (notification.readAt) await app.sms.settleStandIn(notification._id, 'reached');
      if (notification.readAt || typeof notification.recipientId !== 'string' || typeof notification.kind !== 'string') continue;
      const created = Date.parse(notification.createdAt);
      const expires = created + (URGENT_NOTICES.has(notification.kind) ? URGENT_NOTICE_MS : NOTICE_MS);
      if (!Number.isFinite(created) || expires <= now) continue;
      docs.push({
        _id: `notice:${notification._id}`,
        type: 'push_job',
        source: 'notice',
        accountId: notification.recipientId,
        kind: notification.kind,
        consultationId: notification.consultationId,
        patientId: notification.patientId,
        notificationId: notification._id,
        ...(notification.slot ? { slot: notification.slot } : {}),
        dueAt: notification.createdAt,
        expiresAt: new Date(expires).toISOString(),
        state: 'queued',
        attempts: 0,
        createdAt: at,
        updatedAt: at,
      });
    }
    // A notification marked read produces a change too: its job id exists, the write conflicts.
    const outcomes = await writeMany(jobs, docs);
    const failed = outcomes.find((outcome) => !outcome.ok && !outcome.conflict);
    if (failed) throw new Error(`writing push jobs failed for ${failed.id}: ${failed.error ?? ''}`);
    docs.forEach((doc, position) => {
      const outcome = outcomes[position]!;
      if (outcome.ok) index.note({ ...doc, _rev: outcome.rev! });
    });
  });
}
