import type { Slot } from '@oblako/domain';
import type { DeliveryEntry, DeliveryState } from '../api';

/** Store databases of this module. */
export const PUSH_DB = {
  /** `sub:<accountId>:<endpoint hash>` and `endpoint:<hash>` (which account a device belongs to). */
  subscriptions: 'push_subscriptions',
  /** Deliveries: `notice:<notification id>` and `reminder:<consultation>:<start>:<kind>:<account>`. */
  jobs: 'push_jobs',
  /** The generated VAPID key pair (demo mode). */
  settings: 'push_settings',
} as const;

/** Databases of other modules this one reads, by their store names. */
export const READ_DB = { notifications: 'notifications', consultations: 'consultations', profiles: 'profiles', doctorSettings: 'doctor_settings' } as const;

/**
 * One message to one person: a notification from the cabinet, or a reminder. Its id is fixed
 * by what it is about, so two server instances (or a follower replaying its feed after a
 * restart) writing it again meet a conflict instead of making a second message, and the
 * claim to send it is a write with its revision (as slot claims and SMS leases are).
 */
export interface PushJobDoc {
  _id: string;
  _rev?: string;
  type: 'push_job';
  source: 'notice' | 'reminder';
  accountId: string;
  kind: string;
  consultationId: string;
  patientId: string;
  notificationId?: string;
  /** Who the reminder is for (notices: read from the account when sending). */
  role?: 'patient' | 'doctor';
  slot?: Slot;
  dueAt: string;
  /** Not sent after this (catch-up after downtime sends only what still makes sense). */
  expiresAt: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt?: string;
  leaseUntil?: string;
  leaseOwner?: string;
  devices?: { delivered: number; removed: number; failed: number };
  smsId?: string;
  lastError?: string;
  createdAt: string;
  updatedAt: string;
  sentAt?: string;
}

/** When a sender should look at the job, or undefined when it is finished. */
export function dueTime(job: PushJobDoc): string | undefined {
  if (job.state === 'queued') return job.nextAttemptAt && job.nextAttemptAt > job.dueAt ? job.nextAttemptAt : job.dueAt;
  if (job.state === 'sending') return job.leaseUntil;
  return undefined;
}

export function toDeliveryEntry(job: PushJobDoc): DeliveryEntry {
  const devices = job.devices ?? { delivered: 0, removed: 0, failed: 0 };
  return {
    id: job._id,
    kind: job.kind,
    consultationId: job.consultationId,
    dueAt: job.dueAt,
    state: job.state,
    channel: job.state === 'fell_back' ? 'sms' : devices.delivered > 0 ? 'push' : 'none',
    devices,
    attempts: job.attempts,
    ...(job.smsId ? { smsId: job.smsId } : {}),
    ...(job.lastError ? { lastError: job.lastError } : {}),
    ...(job.sentAt ? { sentAt: job.sentAt } : {}),
  };
}
