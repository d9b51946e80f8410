import {
  assessRows,
  localiseIssue,
  type Language,
  type LocalisedRowIssue,
  type RowIssue,
  type RowIssueCode,
  type RowOutcome,
  type RowStatus,
} from '@oblako/domain';
import type { ImportPreview, PreviewRow } from '../api';

/** A preview row as the manager sees it now: after their exclusions, re-assessed. */
export interface RowView {
  row: PreviewRow;
  status: RowStatus;
  outcome: RowOutcome;
  issues: LocalisedRowIssue[];
  personKey?: string;
}

export type SelectionCounts = {
  rows: number;
  /** Of the rows not excluded. */
  valid: number;
  warning: number;
  error: number;
  excluded: number;
  /** Distinct people that get an account (and an SMS). */
  newPatients: number;
  existingPatients: number;
  /** Referrals that would be created. */
  referrals: number;
};

export type RowFilter = 'all' | 'errors' | 'warnings' | 'excluded';

/** Issues `assessRows` adds by looking at other rows and the server's facts (not the row's own). */
const ASSESSMENT_CODES: ReadonlySet<RowIssueCode> = new Set<RowIssueCode>([
  'phone_other_person', 'phone_other_patient', 'phone_staff', 'duplicate_in_file', 'existing_patient', 'already_imported', 'same_person_other_row',
]);

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * The rows after the manager's exclusions. With none, the server's assessment as it is; with
 * some, the same pure rules the server runs at commit (`assessRows`) decide again — excluding
 * one of two rows that share a phone makes the other valid, and the counters and the
 * «Импортировать» button follow at once.
 */
export function assessSelection(
  preview: ImportPreview,
  excluded: ReadonlySet<string>,
  language: Language,
  labelOf: (rowId: string) => string,
): RowView[] {
  if (excluded.size === 0) {
    return preview.rows.map((row) => ({ row, status: row.status, outcome: row.outcome, issues: sortIssues(row.issues), personKey: row.personKey }));
  }
  const serverMessages = new Map(preview.rows.flatMap((row) => row.issues.map((issue) => [issueKey(row.rowId, issue), issue.message] as const)));
  const assessments = assessRows(
    preview.rows.map((row) => ({
      rowId: row.rowId,
      values: row.values,
      issues: row.issues.filter((issue) => !ASSESSMENT_CODES.has(issue.code)).map(stripMessage),
      ...(row.existing ? { existing: row.existing } : {}),
    })),
    excluded,
  );
  return preview.rows.map((row, index) => {
    const assessment = assessments[index]!;
    const issues = assessment.issues.map((issue): LocalisedRowIssue => {
      const message = serverMessages.get(issueKey(row.rowId, issue));
      return message ? { ...issue, message } : localiseIssue(issue, language, labelOf);
    });
    return { row, status: assessment.status, outcome: assessment.outcome, issues: sortIssues(issues), personKey: assessment.personKey };
  });
}

export function countSelection(views: readonly RowView[]): SelectionCounts {
  const counts: SelectionCounts = { rows: views.length, valid: 0, warning: 0, error: 0, excluded: 0, newPatients: 0, existingPatients: 0, referrals: 0 };
  const newPeople = new Set<string>();
  const existingPeople = new Set<string>();
  for (const view of views) {
    if (view.outcome === 'excluded') {
      counts.excluded++;
      continue;
    }
    counts[view.status]++;
    if (view.outcome === 'new_patient') newPeople.add(view.personKey ?? view.row.rowId);
    if (view.outcome === 'existing_patient') existingPeople.add(view.personKey ?? view.row.rowId);
    if (view.outcome === 'new_patient' || view.outcome === 'existing_patient') counts.referrals++;
  }
  counts.newPatients = newPeople.size;
  counts.existingPatients = existingPeople.size;
  return counts;
}

export function filterRows(views: readonly RowView[], filter: RowFilter): readonly RowView[] {
  switch (filter) {
    case 'all':
      return views;
    case 'errors':
      return views.filter((view) => view.outcome !== 'excluded' && view.status === 'error');
    case 'warnings':
      return views.filter((view) => view.outcome !== 'excluded' && view.status === 'warning');
    case 'excluded':
      return views.filter((view) => view.outcome === 'excluded');
  }
}

/** «строка 12, лист «Октябрь»» — how related rows are named in re-assessed messages. */
export function rowLabeler(preview: ImportPreview, format: (row: PreviewRow, fileName: string | null) => string): (rowId: string) => string {
  const byId = new Map(preview.rows.map((row) => [row.rowId, row]));
  const several = preview.files.length > 1;
  return (rowId) => {
    const row = byId.get(rowId);
    if (!row) return rowId;
    return format(row, several ? (preview.files[row.file]?.name ?? null) : null);
  };
}

function issueKey(rowId: string, issue: RowIssue): string {
  return `${rowId}|${issue.code}|${issue.field ?? ''}|${(issue.relatedRows ?? []).join(',')}`;
}

function stripMessage(issue: LocalisedRowIssue): RowIssue {
  const { message: _message, ...rest } = issue;
  return rest;
}

function sortIssues(issues: readonly LocalisedRowIssue[]): LocalisedRowIssue[] {
  return [...issues].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
