import { assessSelection, countSelection, filterRows } from './preview-selection';
import { conflictPreview, largePreview } from './testing';

const label = (rowId: string) => `строка ${rowId.split(':')[2]}`;

describe('preview selection (the manager’s exclusions)', () => {
  it('without exclusions shows the server’s assessment as it is', () => {
    const preview = conflictPreview();
    const views = assessSelection(preview, new Set(), 'ru', label);
    expect(views.map((v) => [v.row.rowNumber, v.status, v.outcome])).toEqual([
      [3, 'error', 'rejected'], [4, 'error', 'rejected'], [5, 'valid', 'new_patient'], [6, 'error', 'rejected'],
    ]);
    expect(views[0]!.issues.map((i) => i.message)).toEqual(['Этот телефон указан у разных людей (строка 4).']);
    expect(countSelection(views)).toEqual({ rows: 4, valid: 1, warning: 0, error: 3, excluded: 0, newPatients: 1, existingPatients: 0, referrals: 1 });
  });

  it('excluding the wrong person of a shared phone makes the other row importable', () => {
    const preview = conflictPreview();
    const views = assessSelection(preview, new Set(['0:0:4']), 'ru', label);
    expect(views.map((v) => [v.row.rowNumber, v.status, v.outcome])).toEqual([
      [3, 'valid', 'new_patient'], [4, 'valid', 'excluded'], [5, 'valid', 'new_patient'], [6, 'error', 'rejected'],
    ]);
    expect(views[0]!.issues).toEqual([]);
    expect(countSelection(views)).toEqual({ rows: 4, valid: 2, warning: 0, error: 1, excluded: 1, newPatients: 2, existingPatients: 0, referrals: 2 });
  });

  it('excluding everything importable leaves nothing to import', () => {
    const views = assessSelection(conflictPreview(), new Set(['0:0:3', '0:0:4', '0:0:5']), 'ru', label);
    expect(countSelection(views).referrals).toBe(0);
    expect(countSelection(views).excluded).toBe(3);
  });

  it('filters by status, excluded rows apart', () => {
    const views = assessSelection(conflictPreview(), new Set(['0:0:4']), 'ru', label);
    expect(filterRows(views, 'errors').map((v) => v.row.rowNumber)).toEqual([6]);
    expect(filterRows(views, 'excluded').map((v) => v.row.rowNumber)).toEqual([4]);
    expect(filterRows(views, 'warnings')).toEqual([]);
    expect(filterRows(views, 'all').length).toBe(4);
  });

  it('re-assesses 5,000 rows fast enough to follow every click', () => {
    const preview = largePreview(5_000);
    const started = performance.now();
    const views = assessSelection(preview, new Set(['0:0:2']), 'ru', label);
    const elapsed = performance.now() - started;
    expect(countSelection(views).newPatients).toBe(4_999);
    expect(elapsed).toBeLessThan(1_000);
  });
});
