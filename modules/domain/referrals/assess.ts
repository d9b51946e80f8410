import { comparable, sameName } from './normalize';
import { sha256Hex } from './sha256';
import type { ExistingFacts, ReferralRowValues, RowIssue, RowOutcome, RowStatus } from './types';

/** A row as read (readRow) plus what the server knows about its phone and referral. */
export interface AssessInput {
  rowId: string;
  values: ReferralRowValues;
  /** The row's own problems, from readRow. */
  issues: readonly RowIssue[];
  existing?: ExistingFacts;
}

export interface Assessment {
  rowId: string;
  status: RowStatus;
  outcome: RowOutcome;
  issues: RowIssue[];
  /** Rows with the same key are one person, one account (the E.164 phone). */
  personKey?: string;
  /** The referral's idempotency key (absent for rows that cannot be imported). */
  referralKey?: string;
}

export interface AssessmentSummary {
  rows: number;
  valid: number;
  warning: number;
  error: number;
  newPatients: number;
  existingPatients: number;
  referrals: number;
}

/**
 * The referral's idempotency key: the person (their phone: one phone, one person — see
 * assessRows), the disease (the ICD-10 code, or the diagnosis words) and who sent them. Not the
 * file, sheet or row, so the same referral in a renamed or re-sorted table is the same referral.
 */
export function referralKey(values: Pick<ReferralRowValues, 'phone' | 'icd10' | 'diagnosis' | 'referringOrganization'>): string {
  const disease = values.icd10 || comparable(values.diagnosis);
  return sha256Hex(JSON.stringify(['referral/v1', values.phone, disease, comparable(values.referringOrganization)])).slice(0, 32);
}

/** Two rows describe one person: the same name (a missing patronymic is fine) and no conflicting birth date. */
export function samePerson(a: ReferralRowValues, b: ReferralRowValues): boolean {
  if (!sameName(a.fullName, b.fullName)) return false;
  return !a.birthDate || !b.birthDate || a.birthDate === b.birthDate;
}

export function rowStatusOf(issues: readonly RowIssue[]): RowStatus {
  if (issues.some((issue) => issue.severity === 'error')) return 'error';
  if (issues.some((issue) => issue.severity === 'warning')) return 'warning';
  return 'valid';
}

/**
 * What the import does with each row, given the rows the manager excluded. One phone is one
 * person: rows sharing a phone but not a person are all errors (the manager excludes the wrong
 * ones and the rest become valid); a phone of an existing account adds a referral to it when
 * the names agree. The same person and referral twice is imported once. Pure: the server runs
 * it at preview and again at commit (with fresh facts), the PWA may run it after exclusions.
 */
export function assessRows(rows: readonly AssessInput[], excluded: ReadonlySet<string> = new Set()): Assessment[] {
  const results = new Map<string, Assessment>();
  const groups = new Map<string, AssessInput[]>();

  for (const row of rows) {
    const issues = [...row.issues];
    if (excluded.has(row.rowId)) {
      results.set(row.rowId, { rowId: row.rowId, status: rowStatusOf(issues), outcome: 'excluded', issues });
      continue;
    }
    if (rowStatusOf(issues) === 'error') {
      results.set(row.rowId, { rowId: row.rowId, status: 'error', outcome: 'rejected', issues });
      continue;
    }
    const group = groups.get(row.values.phone);
    if (group) group.push(row);
    else groups.set(row.values.phone, [row]);
  }

  for (const [phone, group] of groups) {
    for (const [row, assessment] of assessGroup(phone, group)) results.set(row.rowId, assessment);
  }
  return rows.map((row) => results.get(row.rowId)!);
}

function assessGroup(phone: string, group: readonly AssessInput[]): [AssessInput, Assessment][] {
  const others = (row: AssessInput) => group.filter((other) => other !== row).map((other) => other.rowId);
  const consistent = group.every((row) => group.every((other) => samePerson(row.values, other.values)));
  if (!consistent) {
    return group.map((row) => [row, rejected(row, { code: 'phone_other_person', severity: 'error', field: 'phone', relatedRows: others(row) })]);
  }

  const account = group.find((row) => row.existing?.account)?.existing?.account;
  if (account && account.role !== 'patient') {
    return group.map((row) => [row, rejected(row, { code: 'phone_staff', severity: 'error', field: 'phone' })]);
  }
  if (account && !group.every((row) => sameName(row.values.fullName, account.name))) {
    return group.map((row) => [row, rejected(row, { code: 'phone_other_patient', severity: 'error', field: 'phone' })]);
  }

  const firstByKey = new Map<string, AssessInput>();
  const keys = new Map<AssessInput, string>();
  for (const row of group) {
    const key = referralKey(row.values);
    keys.set(row, key);
    if (!firstByKey.has(key)) firstByKey.set(key, row);
  }
  const distinctReferrals = firstByKey.size;

  return group.map((row) => {
    const key = keys.get(row)!;
    const first = firstByKey.get(key)!;
    const issues = [...row.issues];
    let outcome: RowOutcome;
    if (first !== row) {
      outcome = 'duplicate';
      issues.push({ code: 'duplicate_in_file', severity: 'warning', field: 'row', relatedRows: [first.rowId] });
    } else if (row.existing?.referralExists) {
      outcome = 'already_imported';
      issues.push({ code: 'already_imported', severity: 'warning', field: 'row' });
    } else if (account) {
      outcome = 'existing_patient';
      issues.push({ code: 'existing_patient', severity: 'warning', field: 'phone' });
    } else {
      outcome = 'new_patient';
    }
    if (distinctReferrals > 1 && first === row) {
      const sameRows = [...firstByKey.values()].filter((other) => other !== row).map((other) => other.rowId);
      issues.push({ code: 'same_person_other_row', severity: 'info', field: 'row', relatedRows: sameRows });
    }
    return [row, { rowId: row.rowId, status: rowStatusOf(issues), outcome, issues, personKey: phone, referralKey: key }];
  });
}

function rejected(row: AssessInput, issue: RowIssue): Assessment {
  const issues = [...row.issues, issue];
  return { rowId: row.rowId, status: 'error', outcome: 'rejected', issues };
}

export function summarise(assessments: readonly Assessment[]): AssessmentSummary {
  const newPeople = new Set<string>();
  const existingPeople = new Set<string>();
  const summary: AssessmentSummary = { rows: assessments.length, valid: 0, warning: 0, error: 0, newPatients: 0, existingPatients: 0, referrals: 0 };
  for (const assessment of assessments) {
    summary[assessment.status]++;
    if (assessment.outcome === 'new_patient') newPeople.add(assessment.personKey!);
    if (assessment.outcome === 'existing_patient') existingPeople.add(assessment.personKey!);
    if (assessment.outcome === 'new_patient' || assessment.outcome === 'existing_patient') summary.referrals++;
  }
  summary.newPatients = newPeople.size;
  summary.existingPatients = existingPeople.size;
  return summary;
}

/** Problems a row has on its own (readRow), as opposed to those assessRows finds between rows. */
export const OWN_ISSUE_CODES: ReadonlySet<RowIssue['code']> = new Set([
  'name_missing', 'name_invalid', 'name_characters', 'name_single_word', 'phone_missing', 'phone_invalid', 'birth_date_invalid', 'birth_date_future',
  'birth_date_too_early', 'birth_date_missing', 'icd10_invalid', 'diagnosis_missing', 'region_unknown',
]);

/**
 * The preview again after the manager excluded rows (in the browser, no server call): the rows
 * as the preview gave them, their own problems kept, the rest found anew. The commit does the
 * same on the server with fresh facts.
 */
export function reassess(rows: readonly AssessInput[], excluded: ReadonlySet<string>): Assessment[] {
  return assessRows(rows.map((row) => ({ ...row, issues: row.issues.filter((issue) => OWN_ISSUE_CODES.has(issue.code)) })), excluded);
}
