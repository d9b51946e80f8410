import { validateCalendar, type DocumentChange, type FieldIssue } from '@oblako/domain';
import type { DoctorSettings } from './schema';

/**
 * Notifications are written by the server only; the recipient may set `readAt` once and change
 * nothing else. Pure: runs on the server for every replicated write and in the PWA before saving.
 */
export function checkNotificationChange(change: DocumentChange): FieldIssue | null {
  const { before, after } = change;
  if (before === null) return { field: 'id', code: 'notification.serverOnly' };
  if (after === null) return { field: 'id', code: 'notification.noDelete' };
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === 'readAt' || key.startsWith('_')) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) return { field: key, code: 'notification.readOnly' };
  }
  if (before['readAt'] !== undefined && before['readAt'] !== after['readAt']) return { field: 'readAt', code: 'notification.alreadyRead' };
  return null;
}

/** The calendar's own rules (zone, intervals in order, slot length) as field issues. */
export function validateDoctorSettings(doc: Readonly<Record<string, unknown>>): FieldIssue[] {
  const settings = doc as unknown as DoctorSettings;
  return validateCalendar(settings);
}

/** The settings document has one fixed id per doctor and is never deleted. */
export function checkDoctorSettingsChange(change: DocumentChange): FieldIssue | null {
  const doc = change.after ?? change.before;
  if (change.after === null) return { field: 'id', code: 'settings.noDelete' };
  if (doc && doc['id'] !== `${String(doc['doctorId'])}:settings`) return { field: 'id', code: 'settings.id' };
  return null;
}
