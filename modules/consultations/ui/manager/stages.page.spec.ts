import { signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { SessionUser } from '@oblako/domain';
import { ApiCallError, ApiClient } from '@oblako/shell-kit';
import { cancelUrl, CONSULTATIONS_API, reassignUrl, type DoctorSummary, type StageRow, type StagesPage as StagesPageData, type StagesQuery } from '../../api';
import { ViewerZone } from '../shared/viewer-zone.service';
import { StagesPage } from './stages.page';
import { consultationsTestProviders, until } from './testing';
import { settleFixture } from '../../../../pwa/src/app/kit/testing';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function row(overrides: Partial<StageRow>): StageRow {
  return {
    patientId: 'p', patientName: 'Пациент', phone: '+79135550000', region: 'Томская область', timeZone: 'Asia/Tomsk', stage: 'ready',
    consultationId: 'p:consultation-1', status: 'ready', specialty: 'cardiology', doctorId: null, doctorName: '', readyAt: '2026-11-20T09:00:00.000Z',
    slotStart: null, promise: 'on_time', waitedMs: HOUR, missing: [], ...overrides,
  };
}

const ROWS: StageRow[] = [
  row({ patientId: 'p-on-time', patientName: 'Лебедев Олег', phone: '+79135559900', stage: 'ready', consultationId: 'p-on-time:consultation-1', waitedMs: 5 * HOUR }),
  row({
    patientId: 'p-overdue', patientName: 'Соколова Анна Игоревна', phone: '+79135551234', consultationId: 'p-overdue:consultation-1',
    promise: 'overdue', waitedMs: 5 * DAY + 3 * HOUR,
  }),
  row({
    patientId: 'p-attention', patientName: 'Волков Пётр Андреевич', stage: 'taken', status: 'taken', consultationId: 'p-attention:consultation-1',
    doctorId: 'd-1', doctorName: 'Петрова Ирина', promise: 'attention', waitedMs: 3 * DAY,
  }),
  row({
    patientId: 'p-scheduled', patientName: 'Морозова Елена', stage: 'scheduled', status: 'scheduled', consultationId: 'p-scheduled:consultation-1',
    doctorId: 'd-1', doctorName: 'Петрова Ирина', slotStart: '2026-12-12T07:30:00.000Z', promise: 'on_time', waitedMs: DAY,
  }),
  row({
    patientId: 'p-registered', patientName: 'Новиков Иван', stage: 'registered', status: 'awaiting_documents', consultationId: 'p-registered:consultation-1',
    specialty: '', readyAt: null, promise: null, waitedMs: null,
  }),
];

const COUNTS = { registered: 1, documents: 0, ready: 2, taken: 1, scheduled: 1, in_progress: 0, done: 0, cancelled: 0 };

/**
 * What the server answers: the rows in its order, the next cursor naming where the page ended.
 * `reported` stands in for a long list (the paginator offers «next» when total > page size).
 */
function serverPage(query: Record<string, string | number | undefined>, perPage: number, reported: number): StagesPageData {
  const start = query['cursor'] ? Number(String(query['cursor']).slice('after-'.length)) : 0;
  const limit = Math.min(Number(query['limit']), perPage);
  const rows = ROWS.slice(start, start + limit);
  return { rows: structuredClone(rows), total: reported, counts: COUNTS, overdue: 1, ...(start + limit < ROWS.length ? { nextCursor: `after-${start + limit}` } : {}) };
}

const DOCTORS: DoctorSummary[] = [
  { id: 'd-1', name: 'Петрова Ирина', specialties: ['cardiology'], timeZone: 'Europe/Moscow', activeCount: 2 },
  { id: 'd-2', name: 'Кузнецов Андрей', specialties: ['cardiology', 'therapy'], timeZone: 'Asia/Novosibirsk', activeCount: 5 },
  { id: 'd-3', name: 'Смирнова Ольга', specialties: ['neurology'], timeZone: 'Asia/Vladivostok', activeCount: 0 },
];

describe('StagesPage', () => {
  const manager: SessionUser = { id: 'manager-1', role: 'manager', phone: '+79000000003', name: 'Менеджер Анна' };
  let api: jasmine.SpyObj<ApiClient>;
  let fixture: ComponentFixture<StagesPage>;

  function create(online = true, perPage = 100, reported = ROWS.length): void {
    localStorage.removeItem('oblako.language');
    api = jasmine.createSpyObj<ApiClient>('ApiClient', ['get', 'post']);
    api.get.and.callFake(((url: string, query?: Record<string, string | number | undefined>) => {
      if (url === CONSULTATIONS_API.stages) return Promise.resolve(serverPage(query!, perPage, reported));
      if (url === CONSULTATIONS_API.doctors) return Promise.resolve(structuredClone(DOCTORS));
      return Promise.reject(new Error(`unexpected GET ${url}`));
    }) as never);
    TestBed.configureTestingModule({
      imports: [StagesPage],
      providers: [
        ...consultationsTestProviders(manager, online),
        { provide: ApiClient, useValue: api },
        { provide: ViewerZone, useValue: { zone: signal('Europe/Moscow') } },
      ],
    });
    fixture = TestBed.createComponent(StagesPage);
  }

  afterEach(() => {
    fixture.destroy();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => (element.innerHTML = ''));
  });

  async function settle(ms = 20): Promise<void> {
    await settleFixture(fixture, 3, ms);
  }

  const page = () => fixture.nativeElement as HTMLElement;
  const rows = () => [...page().querySelectorAll('[data-testid="stage-row"]')] as HTMLElement[];
  const rowOf = (patientId: string) => page().querySelector(`[data-testid="stage-row"][data-patient-id="${patientId}"]`) as HTMLElement | null;
  const names = () => rows().map((element) => element.querySelector('.name')!.textContent!.trim());
  const dialog = () => document.querySelector('mat-dialog-container') as HTMLElement | null;

  async function clickChip(stage: string): Promise<void> {
    const chip = page().querySelector(`mat-chip-option[data-stage="${stage}"]`)!;
    (chip.querySelector('.mdc-evolution-chip__action--primary') as HTMLElement).click();
    await settle();
  }

  /** The queries the page sent for the stages list, in order. */
  const stageQueries = () => api.get.calls.allArgs().filter(([url]) => url === CONSULTATIONS_API.stages).map(([, query]) => query as StagesQuery);

  it('shows the server\'s first page in its order, says in words which promise is broken, and that the list is online only', async () => {
    create();
    await settle();
    expect(stageQueries()).toEqual([{ limit: 25, cursor: undefined, search: undefined, stages: undefined, overdueOnly: undefined, sort: 'waited' } as never]);
    expect(names()).toEqual(ROWS.map((entry) => entry.patientName));
    expect(page().querySelector('[data-testid="stages-online-only"]')!.textContent).toContain('работает только при подключении к сети');
    expect(page().querySelector('mat-chip-option[data-stage="ready"]')!.textContent).toContain('Документы готовы (2)');
    expect(page().querySelector('[data-testid="overdue-only"]')!.textContent).toContain('Только просроченные (1)');
    expect(page().querySelector('[data-testid="stages-count"]')!.textContent).toContain('Найдено: 5 из 5');
    const overdue = rowOf('p-overdue')!;
    expect(overdue.classList).toContain('overdue');
    expect(overdue.querySelector('[data-testid="promise-overdue"]')!.textContent).toContain('Просрочено: 5 дн.');
    expect(overdue.textContent).toContain('ждёт 5 дн. 3 ч.');
    expect(overdue.textContent).toContain('+7 913 555-12-34');
    expect(overdue.textContent).toContain('Документы готовы');
    const attention = rowOf('p-attention')!;
    expect(attention.classList).toContain('attention');
    expect(attention.classList).not.toContain('overdue');
    expect(attention.textContent).toContain('Срок подходит: 3 дн.');
    expect(rowOf('p-on-time')!.classList).not.toContain('overdue');
    expect(rowOf('p-on-time')!.querySelector('[data-testid^="promise-"]')).toBeNull();
    // The booked time in the manager's zone, the zone named.
    expect(rowOf('p-scheduled')!.querySelector('[data-testid="stage-slot"]')!.textContent).toContain('12 декабря 2026, 10:30 (Москва, UTC+3)');
    expect(rowOf('p-scheduled')!.textContent).toContain('ждал записи: 1 дн.');
    expect(rowOf('p-registered')!.textContent).toContain('Документы ещё не готовы');
    expect(rowOf('p-registered')!.textContent).toContain('Томская область · Томск');
    // Reassignment and cancelling only where the state machine allows them; no doctor's page to open.
    expect(rowOf('p-overdue')!.querySelector('[data-testid="stage-reassign"]')).not.toBeNull();
    expect(rowOf('p-scheduled')!.querySelector('[data-testid="stage-reassign"]')).not.toBeNull();
    expect(rowOf('p-registered')!.querySelector('[data-testid="stage-reassign"]')).toBeNull();
    expect(rowOf('p-registered')!.querySelector('[data-testid="stage-cancel"]')).not.toBeNull();
    expect(page().querySelector('[data-testid="stage-open"]')).toBeNull();
  });

  it('asks the server for the filtered list: stages, overdue, search by name or phone, sort — each from the first page', async () => {
    create();
    await settle();
    await clickChip('scheduled');
    await clickChip('ready');
    expect(stageQueries().at(-1)).toEqual(jasmine.objectContaining({ stages: 'ready,scheduled', cursor: undefined }));
    (page().querySelector('[data-testid="overdue-only"] button') as HTMLButtonElement).click();
    await settle();
    expect(stageQueries().at(-1)).toEqual(jasmine.objectContaining({ stages: 'ready,scheduled', overdueOnly: 'true' } as never));

    const search = page().querySelector('[data-testid="stages-search"]') as HTMLInputElement;
    search.value = '8 913 555-99';
    search.dispatchEvent(new Event('input'));
    await until(() => stageQueries().at(-1)?.search === '8 913 555-99', 'the search sent once typing pauses');
    const sent = stageQueries().length;
    search.dispatchEvent(new Event('input'));
    await settle(300);
    expect(stageQueries().length).toBe(sent);
  });

  it('pages with the server\'s cursor and back', async () => {
    create(true, 2, 60);
    await settle();
    const button = (label: string) => page().querySelector(`mat-paginator button[aria-label="${label}"]`) as HTMLButtonElement;
    expect(names()).toEqual(['Лебедев Олег', 'Соколова Анна Игоревна']);
    button('Следующая страница').click();
    await settle();
    expect(stageQueries().at(-1)).toEqual(jasmine.objectContaining({ cursor: 'after-2', limit: 25 }));
    expect(names()).toEqual(['Волков Пётр Андреевич', 'Морозова Елена']);
    button('Предыдущая страница').click();
    await settle();
    expect(stageQueries().at(-1)).toEqual(jasmine.objectContaining({ cursor: undefined }));
    expect(names()).toEqual(['Лебедев Олег', 'Соколова Анна Игоревна']);
  });

  it('cancels a consultation with a reason through the server and reloads the page', async () => {
    create();
    await settle();
    api.post.and.resolveTo({});
    (rowOf('p-registered')!.querySelector('[data-testid="stage-cancel"]') as HTMLButtonElement).click();
    await until(() => dialog()?.querySelector('[data-testid="dialog-text"]') !== null, 'the reason dialog');
    await settle();
    expect((dialog()!.querySelector('[data-testid="dialog-confirm"]') as HTMLButtonElement).disabled).toBeTrue();
    const reason = dialog()!.querySelector('[data-testid="dialog-text"]') as HTMLTextAreaElement;
    reason.value = 'Пациент передумал';
    reason.dispatchEvent(new Event('input'));
    await settle();
    const before = stageQueries().length;
    (dialog()!.querySelector('[data-testid="dialog-confirm"]') as HTMLButtonElement).click();
    await until(() => stageQueries().length > before, 'the page reloads');
    expect(api.post).toHaveBeenCalledOnceWith(cancelUrl('p-registered:consultation-1'), { reason: 'Пациент передумал' });
    expect(document.querySelector('.mat-mdc-snack-bar-label')?.textContent?.trim()).toBe('Консультация отменена: Новиков Иван');
  });

  it('reassigns to a doctor of the same specialty with a reason, refusing an empty reason', async () => {
    create();
    await settle();
    api.post.and.resolveTo({});
    (rowOf('p-attention')!.querySelector('[data-testid="stage-reassign"]') as HTMLButtonElement).click();
    await until(() => dialog()?.querySelectorAll('[data-testid="reassign-doctor"]').length === 1, 'the doctors of the specialty');
    // The current doctor is not offered; a neurologist only behind «Показать всех врачей».
    expect(dialog()!.textContent).toContain('Кузнецов Андрей');
    expect(dialog()!.textContent).not.toContain('Смирнова Ольга');
    (dialog()!.querySelector('[data-testid="reassign-show-all"] input') as HTMLInputElement).click();
    await settle();
    expect(dialog()!.querySelectorAll('[data-testid="reassign-doctor"]').length).toBe(2);
    expect(dialog()!.textContent).toContain('Смирнова Ольга');

    (dialog()!.querySelector('[data-testid="reassign-doctor"] input') as HTMLInputElement).click();
    await settle();
    (dialog()!.querySelector('[data-testid="reassign-submit"]') as HTMLButtonElement).click();
    await settle();
    expect(dialog()!.querySelector('[data-testid="reassign-reason-error"]')!.textContent).toContain('Укажите причину передачи.');
    expect(api.post).not.toHaveBeenCalled();

    const reason = dialog()!.querySelector('[data-testid="reassign-reason"]') as HTMLTextAreaElement;
    reason.value = '  Врач в отпуске  ';
    reason.dispatchEvent(new Event('input'));
    await settle();
    api.get.calls.reset();
    (dialog()!.querySelector('[data-testid="reassign-submit"]') as HTMLButtonElement).click();
    await until(() => dialog() === null, 'the dialog closes');
    expect(api.post).toHaveBeenCalledOnceWith(reassignUrl('p-attention:consultation-1'), { doctorId: 'd-2', reason: 'Врач в отпуске' });
    await settle();
    expect(api.get).toHaveBeenCalledWith(CONSULTATIONS_API.stages, jasmine.anything());
    expect(document.querySelector('.mat-mdc-snack-bar-label')?.textContent?.trim()).toBe('Пациент передан врачу: Кузнецов Андрей');
  });

  it('shows the server’s refusal in the dialog and keeps it open', async () => {
    create();
    await settle();
    api.post.and.rejectWith(new ApiCallError(409, 'invalid_transition', 'Консультация уже завершена: передать её нельзя.'));
    (rowOf('p-overdue')!.querySelector('[data-testid="stage-reassign"]') as HTMLButtonElement).click();
    await until(() => (dialog()?.querySelectorAll('[data-testid="reassign-doctor"]').length ?? 0) > 0, 'doctors');
    (dialog()!.querySelector('[data-testid="reassign-doctor"] input') as HTMLInputElement).click();
    const reason = dialog()!.querySelector('[data-testid="reassign-reason"]') as HTMLTextAreaElement;
    reason.value = 'Нагрузка';
    reason.dispatchEvent(new Event('input'));
    await settle();
    (dialog()!.querySelector('[data-testid="reassign-submit"]') as HTMLButtonElement).click();
    await until(() => dialog()?.querySelector('[data-testid="reassign-error"]') !== null, 'the error');
    expect(dialog()!.querySelector('[data-testid="reassign-error"]')!.textContent).toContain('Консультация уже завершена: передать её нельзя.');
    expect(api.post).toHaveBeenCalledOnceWith(reassignUrl('p-overdue:consultation-1'), { doctorId: 'd-1', reason: 'Нагрузка' });
  });

  it('says the network is needed when offline and asks nothing', async () => {
    create(false);
    await settle();
    expect(page().querySelector('[data-testid="stages-offline"]')!.textContent).toContain('Нет связи');
    expect(api.get).not.toHaveBeenCalled();
    expect(rows().length).toBe(0);
  });
});
