import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { Store } from '@ngrx/store';
import { AUDIT_API, formatInZone, type RecordView, type RecordViewsPage as RecordViewsAnswer, type SessionUser } from '@oblako/domain';
import { ApiCallError, ApiClient } from '@oblako/shell-kit';
import { connectivityActions } from '../../../pwa/src/app/core/connectivity/connectivity.actions';
import { DataLayer } from '../../../pwa/src/app/core/db/data-layer.service';
import { databaseName, removeUserDatabase } from '../../../pwa/src/app/core/db/user-database';
import { sessionActions } from '../../../pwa/src/app/core/session/session.actions';
import { insertLocal, signedInTestProviders, settleFixture } from '../../../pwa/src/app/kit/testing';
import { RECORD_VIEWS_PAGE_SIZE, RecordViewsPage } from './record-views.page';
import { until } from './testing';

const DOCTOR = { id: 'doctor-1', role: 'doctor' as const, name: 'Смирнов Андрей Викторович' };
const CARDIOLOGIST = { id: 'doctor-2', role: 'doctor' as const, name: 'Иванова Анна Петровна', specialties: ['cardiology'] };
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
  const deviceZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const when = (iso: string, zone = deviceZone) => formatInZone(iso, zone, 'ru');

  beforeEach(() => {
    localStorage.removeItem('oblako.language');
    api = jasmine.createSpyObj<ApiClient>('ApiClient', ['get']);
  });

  afterEach(() => fixture?.destroy());

  it('lists who viewed what and when, newest first, with the role and the person, and the explanation', async () => {
    const page: RecordViewsAnswer = {
      entries: [fileRead('2026-03-05T07:30:00.000Z', 'МРТ.pdf'), queueRead('2026-03-04T12:05:00.000Z')],
    };
    api.get.and.resolveTo(page);
    await render(true);

    expect(api.get).toHaveBeenCalledOnceWith(AUDIT_API.myRecordViews, { limit: RECORD_VIEWS_PAGE_SIZE, before: undefined });
    expect(text(one('record-views-explanation'))).toContain('Каждый просмотр ваших документов врачом или менеджером записывается');
    expect(text(one('record-views-explanation'))).toContain('Загрузка файлов на устройство врача для работы без сети просмотром не считается.');
    const entries = all('record-view');
    expect(entries.length).toBe(2);
    expect(text(entries[0]!.querySelector('[data-testid="record-view-who"]'))).toBe('Врач Смирнов А. В.');
    expect(text(entries[0]!.querySelector('[data-testid="record-view-what"]'))).toBe('открыл «МРТ.pdf»');
    expect(text(entries[0]!.querySelector('[data-testid="record-view-when"]'))).toBe(when('2026-03-05T07:30:00.000Z'));
    expect(entries[0]!.querySelector('time')!.getAttribute('datetime')).toBe('2026-03-05T07:30:00.000Z');
    expect(text(entries[1]!.querySelector('[data-testid="record-view-who"]'))).toBe('Менеджер Кузнецова О. И.');
    expect(text(entries[1]!.querySelector('[data-testid="record-view-what"]'))).toBe('видела вашу карточку в очереди «Новые пациенты»');
    expect(text(entries[1]!.querySelector('[data-testid="record-view-when"]'))).toContain('2026');
    expect(one('record-views-more')).toBeNull();
    expect(one('record-views-progress')).toBeNull();
    expect(one('record-views-offline')).toBeNull();
  });

  it('names the doctor\'s specialty and the document\'s type, says when it was opened from an offline copy, in the patient\'s zone (named)', async () => {
    api.get.and.resolveTo({
      entries: [{
        at: '2026-12-05T04:02:00.000Z', action: 'file.read', actor: CARDIOLOGIST,
        subject: { kind: 'file', id: 'f-1', documentId: 'p:doc-7', name: 'Выписка из стационара.pdf', documentType: 'discharge', offline: true },
      }],
    });
    TestBed.configureTestingModule({
      imports: [RecordViewsPage],
      providers: [...signedInTestProviders(patient, true, { router: true }), { provide: ApiClient, useValue: api }],
    });
    const layer = TestBed.inject(DataLayer);
    await layer.open(patient);
    try {
      await insertLocal(layer, 'profiles', {
        id: `${patient.id}:profile`, patientId: patient.id, fullName: patient.name, birthDate: '', region: 'Приморский край',
        timeZone: 'Asia/Vladivostok', contactPhone: '', updatedAt: new Date().toISOString(),
      });
      fixture = TestBed.createComponent(RecordViewsPage);
      await until(async () => {
        await settle();
        return text(one('record-view-when')) === when('2026-12-05T04:02:00.000Z', 'Asia/Vladivostok');
      }, 'the time in the patient\'s zone');
      expect(text(one('record-view-when'))).toBe('5 декабря 2026, 14:02 (Владивосток, UTC+10)');
      expect(text(one('record-view-who'))).toBe('Врач Иванова А. П., кардиолог');
      expect(text(one('record-view-what'))).toBe('открыла «Выписка»');
      expect(text(one('record-view-details'))).toBe('Выписка из стационара.pdf · без сети, с копии на устройстве');
    } finally {
      fixture.destroy();
      TestBed.inject(Store).dispatch(sessionActions.signedOut());
      await layer.close();
      await removeUserDatabase(databaseName(patient.id));
    }
  });

  it('reads of one document by one person within an hour are one line; another document or person is its own line', async () => {
    const read = (at: string, actor: RecordView['actor'], documentId: string): RecordView =>
      ({ at, action: 'file.read', actor, subject: { kind: 'file', id: `file-${documentId}-${at}`, documentId, name: `${documentId}.pdf` } });
    api.get.and.resolveTo({
      entries: [
        read('2026-03-05T09:50:00.000Z', CARDIOLOGIST, 'doc-a'),
        read('2026-03-05T09:40:00.000Z', DOCTOR, 'doc-a'),
        read('2026-03-05T09:30:00.000Z', CARDIOLOGIST, 'doc-a'),
        read('2026-03-05T09:20:00.000Z', CARDIOLOGIST, 'doc-b'),
        read('2026-03-05T09:00:00.000Z', CARDIOLOGIST, 'doc-a'),
        read('2026-03-05T08:30:00.000Z', CARDIOLOGIST, 'doc-a'),
      ],
    });
    await render(true);
    const entries = all('record-view');
    expect(entries.map((entry) => text(entry.querySelector('[data-testid="record-view-what"]')))).toEqual([
      'открыла «doc-a.pdf»', 'открыл «doc-a.pdf»', 'открыла «doc-b.pdf»', 'открыла «doc-a.pdf»',
    ]);
    expect(text(entries[0]!.querySelector('[data-testid="record-view-when"]'))).toBe(when('2026-03-05T09:50:00.000Z'));
    expect(text(entries[0]!.querySelector('[data-testid="record-view-repeated"]'))).toBe('и ещё 2 раза за час');
    expect(text(entries[3]!.querySelector('[data-testid="record-view-when"]'))).toBe(when('2026-03-05T08:30:00.000Z'));
    expect(entries[3]!.querySelector('[data-testid="record-view-repeated"]')).toBeNull();
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
