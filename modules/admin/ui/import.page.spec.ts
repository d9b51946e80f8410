import { provideEnvironmentInitializer, provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { Router, provideRouter } from '@angular/router';
import { provideMockStore } from '@ngrx/store/testing';
import { ApiCallError, provideModuleTranslations } from '@oblako/shell-kit';
import { TranslatedPaginatorIntl } from '@oblako/shell-kit/paginator';
import { registerSvgIcons } from '../../../pwa/src/app/core/icons/svg-icons';
import type { ImportPreview } from '../api';
import { AdminApi } from './admin-api';
import { ADMIN_ICONS } from './admin-icons';
import { ADMIN_PAGE_TRANSLATIONS } from './i18n';
import { ImportPage } from './import.page';
import { conflictPreview, largePreview, previewOf } from './testing';
import { settleFixture } from '../../../pwa/src/app/kit/testing';

describe('ImportPage', () => {
  let api: jasmine.SpyObj<AdminApi>;
  let fixture: ComponentFixture<ImportPage>;

  beforeEach(async () => {
    localStorage.removeItem('oblako.language');
    api = jasmine.createSpyObj<AdminApi>('AdminApi', ['preview', 'commit', 'imports', 'template', 'report', 'credentials', 'resendCredentials', 'sms', 'rejectedCsv']);
    api.imports.and.resolveTo([]);
    TestBed.configureTestingModule({
      imports: [ImportPage],
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideMockStore(),
        provideEnvironmentInitializer(registerSvgIcons),
        ADMIN_ICONS,
        provideModuleTranslations(ADMIN_PAGE_TRANSLATIONS),
        { provide: MatPaginatorIntl, useClass: TranslatedPaginatorIntl },
        { provide: AdminApi, useValue: api },
      ],
    });
    fixture = TestBed.createComponent(ImportPage);
    await fixture.whenStable();
  });

  afterEach(() => {
    fixture.destroy();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => (element.innerHTML = ''));
  });

  const root = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => root().querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
  const text = (id: string) => byTestId(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  async function settle(): Promise<void> {
    await settleFixture(fixture, 4, 10);
  }

  async function choose(preview: ImportPreview | Error, ...files: File[]): Promise<void> {
    if (preview instanceof Error) api.preview.and.rejectWith(preview);
    else api.preview.and.callFake(async (_files, onProgress) => (onProgress(1), preview));
    const input = byTestId('file-input') as HTMLInputElement;
    const transfer = new DataTransfer();
    for (const file of files.length ? files : [new File(['PK…'], 'направления.xlsx')]) transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    await settle();
  }

  it('uploads the chosen file as base64 and shows what was recognised', async () => {
    await choose(conflictPreview(), new File(['hello'], 'октябрь.csv'));
    expect(api.preview).toHaveBeenCalledTimes(1);
    expect(api.preview.calls.mostRecent().args[0]).toEqual([{ name: 'октябрь.csv', contentBase64: btoa('hello') }]);
    expect(text('preview-sheet')).toContain('Лист «Октябрь»');
    expect(text('preview-sheet')).toContain('заголовки в строке 2');
    expect(text('preview-sheet')).toContain('A ФИО «ФИО пациента»');
    expect(text('preview-sheet')).toContain('Не распознаны (не импортируются): №');
    expect(text('counters')).toBe('Строк: 4 · готово: 1 · с замечаниями: 0 · с ошибками: 3');
    expect(text('accounts')).toBe('Новых пациентов: 1 (каждому придёт SMS) · уже зарегистрированы: 0 · направлений: 1');
    const statuses = [...root().querySelectorAll('td[data-testid="row-status"]')].map((cell) => cell.textContent!.replace(/\s+/g, ' ').trim());
    expect(statuses[0]).toContain('Ошибка');
    expect(statuses[0]).toContain('Этот телефон указан у разных людей (строка 4).');
    expect(statuses[2]).toContain('Готово к импорту');
  });

  it('excluding a row updates the counters, the filters and what «Импортировать» will do', async () => {
    await choose(conflictPreview());
    const checkboxes = root().querySelectorAll<HTMLInputElement>('[data-testid="exclude-row"] input');
    checkboxes[1]!.click();
    await settle();
    expect(text('counters')).toBe('Строк: 4 · готово: 2 · с замечаниями: 0 · с ошибками: 1 · исключено: 1');
    expect(text('commit-bar')).toContain('К импорту направлений: 2, новых пациентов: 2');
    expect(root().querySelector('mat-button-toggle-group')!.textContent).toContain('Исключённые · 1');
    checkboxes[1]!.click();
    await settle();
    expect(text('counters')).toBe('Строк: 4 · готово: 1 · с замечаниями: 0 · с ошибками: 3');
  });

  it('«Импортировать» is off when nothing can be imported', async () => {
    await choose(previewOf([{ rowNumber: 3, values: { fullName: 'Морозова Елена' }, issues: [{ code: 'phone_invalid', severity: 'error', field: 'phone' }] }]));
    expect((byTestId('commit') as HTMLButtonElement).disabled).toBeTrue();
    expect(text('commit-bar')).toContain('Нечего импортировать: все строки с ошибками или исключены.');
  });

  it('commits after a confirmation, with the excluded rows, and opens the report', async () => {
    await choose(conflictPreview());
    root().querySelectorAll<HTMLInputElement>('[data-testid="exclude-row"] input')[1]!.click();
    await settle();
    const navigate = spyOn(TestBed.inject(Router), 'navigate').and.resolveTo(true);
    api.commit.and.resolveTo({ importId: '22222222-2222-4222-8222-222222222222' } as never);
    byTestId('commit')!.click();
    await settle();
    const dialog = document.querySelector('mat-dialog-container')!;
    expect(dialog.textContent).toContain('Будет создано учётных записей: 2, направлений: 2.');
    (dialog.querySelector('[data-testid="confirm"]') as HTMLButtonElement).click();
    await new Promise((resolve) => setTimeout(resolve, 400));
    await settle();
    expect(api.commit).toHaveBeenCalledOnceWith({ previewId: '11111111-1111-4111-8111-111111111111', excludedRows: ['0:0:4'] });
    expect(navigate).toHaveBeenCalledWith(['/admin/import/reports', '22222222-2222-4222-8222-222222222222']);
  });

  it('shows a file that could not be read, and a refused upload, in words', async () => {
    const preview = previewOf([]);
    preview.files = [{ index: 0, name: 'фото.xlsx', sheets: [], problem: { code: 'import_file_unreadable', message: 'Файл не читается как таблица Excel (.xlsx) или CSV.' } }];
    await choose(preview);
    expect(text('file-problem')).toBe('Файл не читается как таблица Excel (.xlsx) или CSV.');

    await choose(new ApiCallError(400, 'import_too_many_rows', 'В одном импорте не больше 10 000 строк.'));
    expect(text('import-error')).toBe('В одном импорте не больше 10 000 строк.');
    expect(byTestId('preview')).toBeNull();
  });

  it('refuses a file over 10 MB without sending it', async () => {
    const big = new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'большой.xlsx');
    await choose(conflictPreview(), big);
    expect(api.preview).not.toHaveBeenCalled();
    expect(text('import-error')).toContain('Файл «большой.xlsx» больше 10 МБ');
  });

  it('5,000 rows: one page in the DOM, and excluding a row stays quick', async () => {
    await choose(largePreview(5_000));
    expect(root().querySelectorAll('[data-testid="preview-row"]').length).toBe(50);
    expect(root().querySelector('.mat-mdc-paginator-range-label')!.textContent!.trim()).toBe('1–50 из 5000');
    const started = performance.now();
    root().querySelector<HTMLInputElement>('[data-testid="exclude-row"] input')!.click();
    await fixture.whenStable();
    const elapsed = performance.now() - started;
    expect(text('counters')).toContain('исключено: 1');
    expect(elapsed).toBeLessThan(1_500);
  });
});
