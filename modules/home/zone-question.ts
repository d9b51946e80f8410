import { isRussianTimeZone } from '@oblako/domain';

/**
 * Whether to ask «Ваш часовой пояс — Владивосток?»: an imported patient's profile starts in
 * Moscow, so at their first sign-in on a device in another Russian zone the times would all be
 * off by hours. Asked once per device zone (the answer is remembered on the device); never for
 * a zone we cannot offer (outside Russia's eleven), nor while the profile has not synced yet.
 */
export function shouldAskZone(input: { stored: string | null; device: string; answeredFor: string | null }): boolean {
  if (!input.stored) return false;
  if (!isRussianTimeZone(input.device)) return false;
  if (input.device === input.stored) return false;
  return input.answeredFor !== input.device;
}

/** Where the device remembers the answer, per person (a shared phone asks each person). */
export function zoneAnswerKey(userId: string): string {
  return `oblako.home.zoneAnswered.${userId}`;
}
