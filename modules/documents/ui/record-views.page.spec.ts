import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { Store } from '@ngrx/store';
import { AUDIT_API, type RecordView, type RecordViewsPage as RecordViewsAnswer, type SessionUser } from '@oblako/domain';
import { ApiCallError, ApiClient } from '@oblako/shell-kit';
import { connectivityActions } from '../../../pwa/src/app/core/connectivity/connectivity.actions';
import { signedInTestProviders, settleFixture } from '../../../pwa/src/app/kit/testing';
import { RECORD_VIEWS_PAGE_SIZE, RecordViewsPage } from './record-views.page';
import { until } from './testing';

const DOCTOR = { id: 'doctor-1', role: 'doctor' as const, name: 'Смирнов Андрей Викторович' };
const MANAGER = { id: 'manager-1', role: 'manager' as const, name: 'Кузнецова Ольга Ивановна' };

function fileRead(at: string, name: string): RecordView {
  return { at, action: 'file.read', actor: DOCTOR, subject: { kind: 'file', id: `file-${name}`, documentId: 'p:doc-1', name } };
}

function queueRead(at: string): RecordView {
  return { at, action: 'queue.read', actor: MANAGER, subject: { kind: 'consultation', id: 'p:consultation-1' } };
}

/** «Кто просматривал мои данные»: only the HTTP boundary (ApiClient) is a stand-in. */
describe('RecordViewsPage («Кто просматривал мои данные»)', () => {
  let api: jasmine.SpyObj<ApiClient>;
  let fixture: ComponentFixture<RecordViewsPage>;
  const patient: SessionUser = { id: 'test-patient-views', role: 'patient', phone: '+79000000001', name: 'Иванова Мария' };

  async function render(online: boolean): Promise<void> {
    TestBed.configureTestingModule({
      imports: [RecordViewsPage],
      providers: [...signedInTestProviders(patient, online, { router: true }), { provide: ApiClient, useValue: api }],
    });
    fixture = TestBed.createComponent(RecordViewsPage);
    await settle();
  }

  async function settle(): Promise<void> {
    await settleFixture(fixture, 4, 10);
  }

  const root = () => fixture.nativeElement as HTMLElement;
  const all = (id: string) => [...root().querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
  const one = (id: string) => root().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const text = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  const when = (iso: string) => new Intl.DateTimeFormat('ru-RU', { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));

  beforeEach(() => {
    localStorage.removeItem('oblako.language');
    api = jasmine.createSpyObj<ApiClient>('ApiClient', ['get']);
  });

  afterEach(() => fixture?.destroy());

  it('lists who viewed what and when, newest first, with the explanation', async () => {
    const page: RecordViewsAnswer = {
      entries: [fileRead('2026-03-05T07:30:00.000Z', 'МРТ.pdf'), queueRead('2026-03-04T12:05:00.000Z')],
    };
    api.get.and.resolveTo(page);
    await render(true);

    expect(api.get).toHaveBeenCalledOnceWith(AUDIT_API.myRecordViews, { limit: RECORD_VIEWS_PAGE_SIZE, before: undefined });
    expect(text(one('record-views-explanation'))).toBe('Каждый просмотр ваших документов врачом или менеджером записывается.');
    const entries = all('record-view');
    expect(entries.length).toBe(2);
    expect(text(entries[0]!.querySelector('[data-testid="record-view-who"]'))).toBe('Смирнов Андрей Викторович, врач');
    expect(text(entries[0]!.querySelector('[data-testid="record-view-what"]'))).toBe('просмотр файла «МРТ.pdf»');
    expect(text(entries[0]!.querySelector('[data-testid="record-view-when"]'))).toBe(when('2026-03-05T07:30:00.000Z'));
    expect(entries[0]!.querySelector('time')!.getAttribute('datetime')).toBe('2026-03-05T07:30:00.000Z');
    expect(text(entries[1]!.querySelector('[data-testid="record-view-who"]'))).toBe('Кузнецова Ольга Ивановна, менеджер');
    expect(text(entries[1]!.querySelector('[data-testid="record-view-what"]'))).toBe('просмотр вашей карточки в очереди «Новые пациенты»');
    expect(text(entries[1]!.querySelector('[data-testid="record-view-when"]'))).toContain('2026');
    expect(one('record-views-more')).toBeNull();
    expect(one('record-views-progress')).toBeNull();
    expect(one('record-views-offline')).toBeNull();
  });

  it('«Показать ещё» asks for the older page with the cursor and appends it', async () => {
    api.get.and.returnValues(
      Promise.resolve<RecordViewsAnswer>({ entries: [fileRead('2026-03-05T07:30:00.000Z', 'новый.pdf')], next: 'cursor-1' }),
      Promise.resolve<RecordViewsAnswer>({ entries: [fileRead('2026-02-01T07:30:00.000Z', 'старый.pdf')] }),
    );
    await render(true);
    expect(all('record-view').length).toBe(1);

    one('record-views-more')!.click();
    await settle();
    expect(api.get.calls.mostRecent().args).toEqual([AUDIT_API.myRecordViews, { limit: RECORD_VIEWS_PAGE_SIZE, before: 'cursor-1' }]);
    const entries = all('record-view');
    expect(entries.length).toBe(2);
    expect(text(entries[0])).toContain('«новый.pdf»');
    expect(text(entries[1])).toContain('«старый.pdf»');
    expect(one('record-views-more')).toBeNull();
  });

  it('shows a progress bar while the page loads', async () => {
    let answer!: (page: RecordViewsAnswer) => void;
    api.get.and.returnValue(new Promise<RecordViewsAnswer>((resolve) => (answer = resolve)));
    await render(true);
    expect(one('record-views-progress')).not.toBeNull();
    answer({ entries: [] });
    await settle();
    expect(one('record-views-progress')).toBeNull();
  });

  it('says so when nobody has viewed the documents', async () => {
    api.get.and.resolveTo({ entries: [] });
    await render(true);
    expect(text(one('record-views-empty'))).toBe('Пока никто не просматривал ваши документы.');
    expect(all('record-view').length).toBe(0);
  });

  it('offline: says a connection is needed without calling the server, and loads once it is back', async () => {
    api.get.and.resolveTo({ entries: [fileRead('2026-03-05T07:30:00.000Z', 'МРТ.pdf')] });
    await render(false);
    expect(text(one('record-views-offline'))).toContain('Нужна сеть');
    expect(api.get).not.toHaveBeenCalled();
    expect(all('record-view').length).toBe(0);

    TestBed.inject(Store).dispatch(connectivityActions.wentOnline());
    await until(async () => {
      await settle();
      return all('record-view').length === 1;
    }, 'the list loaded after reconnecting');
    expect(one('record-views-offline')).toBeNull();
  });

  it('shows the server’s message when the list cannot be loaded', async () => {
    api.get.and.rejectWith(new ApiCallError(500, 'internal', 'Что-то пошло не так.'));
    await render(true);
    expect(text(one('record-views-error'))).toBe('Что-то пошло не так.');
  });
});
