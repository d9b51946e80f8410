import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Normalises a phone number typed by a person (or found in a referral table) to E.164.
 * Russian numbers are the default: "8 (900) 123-45-67", "+7 900 1234567" and "9001234567" all
 * become "+79001234567". Returns null for anything that is not a valid phone number
 * (letters, too short, an impossible range), so callers can show a clear error.
 */
export function normalizePhone(input: unknown): string | null {
  if (typeof input !== 'string' && typeof input !== 'number') return null;
  const raw = String(input).trim();
  if (!raw || /[a-zа-яё]/i.test(raw)) return null;
  let candidate = raw.replace(/[\s()\-–.]/g, '');
  // Russian habit: a leading 8 instead of +7 for a full 11-digit number.
  if (/^8\d{10}$/.test(candidate)) candidate = `+7${candidate.slice(1)}`;
  const parsed = parsePhoneNumberFromString(candidate, 'RU');
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

/** "+79001234567" → "+7 900 123-45-67": how a phone is shown to people. */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? parsed.formatInternational().replace(/(\d{3}) (\d{2}) (\d{2})$/, '$1-$2-$3') : e164;
}
