import { isRussianTimeZone, type FieldIssue } from '@oblako/domain';

const EARLIEST_BIRTH_YEAR = 1900;
const MIN_TEXT = 2;
const MAX_TEXT = 200;

export interface RegistrationDetails {
  fullName: string;
  birthDate: string;
  region: string;
  timeZone: string;
}

/**
 * The "about you" step: the same rules in the form and on the server, with i18n codes
 * `registration.error.<field>.<code>`. The password length is the auth core's rule (weak_password).
 */
export function validateRegistration(details: Readonly<RegistrationDetails>, today = new Date()): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const fullName = details.fullName.trim();
  if (fullName.length < MIN_TEXT || fullName.length > MAX_TEXT) issues.push({ field: 'fullName', code: 'required' });
  const birthDate = details.birthDate;
  const parsed = new Date(`${birthDate}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== birthDate) {
    issues.push({ field: 'birthDate', code: 'invalid' });
  } else if (parsed.getTime() > today.getTime()) {
    issues.push({ field: 'birthDate', code: 'future' });
  } else if (parsed.getUTCFullYear() < EARLIEST_BIRTH_YEAR) {
    issues.push({ field: 'birthDate', code: 'tooEarly' });
  }
  const region = details.region.trim();
  if (region.length < MIN_TEXT || region.length > MAX_TEXT) issues.push({ field: 'region', code: 'required' });
  if (!isRussianTimeZone(details.timeZone)) issues.push({ field: 'timeZone', code: 'invalid' });
  return issues;
}
