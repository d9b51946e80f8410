/**
 * The HTTP contract of web push (server: server/routes.ts, PWA: ui/). A subscription is the
 * browser's PushSubscription (endpoint + keys), one per account and device.
 */
export const PUSH_API = {
  /** GET: `{publicKey}` (the VAPID application server key for pushManager.subscribe), or 503 when push is off. */
  vapidKey: '/api/push/vapid-key',
  /** GET: this account's devices; POST: subscribe this device. */
  subscriptions: '/api/push/subscriptions',
  /** DELETE: one of this account's devices stops receiving notifications. */
  subscription: '/api/push/subscriptions/:id',
  /** GET (manager): what was sent to a person, by which channel, and how it ended. */
  deliveries: '/api/push/deliveries/:accountId',
  /** GET: the consultation as an iCalendar file («Добавить в календарь»). */
  calendar: '/api/push/calendar/:consultationId',
} as const;

export interface SubscribeRequest {
  endpoint: string;
  /** From PushSubscription.toJSON(): base64url keys. */
  keys: { p256dh: string; auth: string };
  /** What the person sees in the list of devices («Chrome, Android»). */
  deviceName?: string;
  /** The app's language on this device: the notifications it gets are written in it. */
  language?: 'ru' | 'en';
  /** Only the signed-in account; another account's id is refused (403). */
  accountId?: string;
}

export interface PushDevice {
  id: string;
  deviceName: string;
  createdAt: string;
  lastSuccessAt?: string;
}

/** Reminder kinds (the notice kinds are @oblako/domain NOTICE_KINDS, plus any a module adds). */
export const REMINDER_KINDS = ['reminder_24h', 'reminder_1h', 'reminder_start'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export type DeliveryState = 'queued' | 'sending' | 'sent' | 'fell_back' | 'no_device' | 'failed' | 'cancelled' | 'expired';

/** One line of the manager's delivery log. */
export interface DeliveryEntry {
  id: string;
  kind: string;
  consultationId: string;
  dueAt: string;
  state: DeliveryState;
  /** `push` (to `devices.delivered` devices), `sms` (fell back; the SMS queue's id), or none. */
  channel: 'push' | 'sms' | 'none';
  devices: { delivered: number; removed: number; failed: number };
  attempts: number;
  smsId?: string;
  lastError?: string;
  sentAt?: string;
}
