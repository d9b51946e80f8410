import type { ImportCounts, ReportRow } from '../api';
import { mergedPatients, reportHeadline } from './report-summary';

function row(rowId: string, result: ReportRow['result'], patientId?: string): ReportRow {
  return { rowId, fileName: 'направления.xlsx', sheet: 'Лист1', rowNumber: 2, fullName: 'Иванова Мария', phone: '+79001234567', result, reasons: [], ...(patientId ? { patientId } : {}) };
}

const counts = (over: Partial<ImportCounts>): ImportCounts => ({
  rows: 0, createdPatients: 0, existingPatients: 0, referralsCreated: 0, referralsExisting: 0, duplicates: 0, rejected: 0, excluded: 0, smsQueued: 0, ...over,
});

describe('import report summary', () => {
  it('finds patients who got two referrals from one import (one person on two sheets)', () => {
    const merged = mergedPatients([
      row('0:0:2', 'created', 'p1'), row('0:1:5', 'created', 'p1'),
      row('0:0:3', 'created', 'p2'),
      row('0:0:4', 'existing', 'p3'), row('0:0:6', 'existing', 'p3'), row('0:0:7', 'existing', 'p3'),
      row('0:0:8', 'already_imported', 'p4'), row('0:0:9', 'already_imported', 'p4'),
      row('0:0:10', 'rejected'),
    ]);
    expect([...merged.entries()]).toEqual([['p1', 2], ['p3', 3]]);
  });

  it('a re-import says its rows were already imported instead of «created 0»', () => {
    expect(reportHeadline(counts({ rows: 120, referralsExisting: 120 }), 0)).toEqual({ kind: 'nothing_new', alreadyImported: 120 });
  });

  it('a first import counts patients, referrals, rows imported before and merges', () => {
    expect(reportHeadline(counts({ rows: 10, createdPatients: 6, existingPatients: 1, referralsCreated: 8, referralsExisting: 2 }), 1))
      .toEqual({ kind: 'imported', patients: 7, referrals: 8, alreadyImported: 2, merged: 1 });
  });

  it('an import of only rejected rows says nothing was imported', () => {
    expect(reportHeadline(counts({ rows: 3, rejected: 3 }), 0)).toEqual({ kind: 'nothing_imported' });
  });
});
