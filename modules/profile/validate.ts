import { isRussianTimeZone, type FieldIssue } from '@oblako/domain';

const EARLIEST_BIRTH_YEAR = 1900;

/** Rules a JSON schema cannot express; the same on the server and in the form. */
export function validateProfile(doc: Readonly<Record<string, unknown>>, today = new Date()): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const fullName = typeof doc['fullName'] === 'string' ? doc['fullName'].trim() : '';
  if (fullName.length < 2) issues.push({ field: 'fullName', code: 'required' });
  const birthDate = doc['birthDate'];
  if (typeof birthDate === 'string' && birthDate !== '') {
    const parsed = new Date(`${birthDate}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== birthDate) {
      issues.push({ field: 'birthDate', code: 'invalid' });
    } else if (parsed.getTime() > today.getTime()) {
      issues.push({ field: 'birthDate', code: 'future' });
    } else if (parsed.getUTCFullYear() < EARLIEST_BIRTH_YEAR) {
      issues.push({ field: 'birthDate', code: 'tooEarly' });
    }
  }
  if (!isRussianTimeZone(doc['timeZone'])) issues.push({ field: 'timeZone', code: 'invalid' });
  return issues;
}
