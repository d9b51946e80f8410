import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { Router } from '@angular/router';
import type { SessionUser } from '@oblako/domain';
import { ApiCallError } from '@oblako/shell-kit';
import { CONSULTATIONS_API, takeUrl, type QueueEntry } from '../../api';
import { QueuePage } from './queue.page';
import { apiSpy, doctorTestProviders, until, type ApiSpy } from './testing';
import { settleFixture } from '../../../../pwa/src/app/kit/testing';

const DAY = 86_400_000;

function entry(consultationId: string, patientName: string, waitedDays: number, promise: QueueEntry['promise']): QueueEntry {
  return {
    consultationId,
    patientId: consultationId.split(':')[0]!,
    patientName,
    birthDate: '1970-05-01',
    region: 'Приморский край',
    timeZone: 'Asia/Vladivostok',
    specialty: 'cardiology',
    diagnosis: 'Ишемическая болезнь сердца',
    icd10: 'I25.1',
    readyAt: new Date(Date.now() - waitedDays * DAY - 3_600_000).toISOString(),
    waitedMs: waitedDays * DAY + 3_600_000,
    promise,
    documentCounts: { conclusion: 1, mri: 2 },
  };
}

describe('QueuePage («Новые пациенты»)', () => {
  let api: ApiSpy;
  let fixture: ComponentFixture<QueuePage>;
  const user: SessionUser = { id: 'test-doctor-queue', role: 'doctor', phone: '+79000000002', name: 'Петров Пётр' };

  async function render(online: boolean): Promise<void> {
    TestBed.configureTestingModule({ imports: [QueuePage], providers: doctorTestProviders(user, online, api) });
    fixture = TestBed.createComponent(QueuePage);
    await settle();
  }

  async function settle(): Promise<void> {
    await settleFixture(fixture, 4, 10);
  }

  const root = () => fixture.nativeElement as HTMLElement;
  const all = (id: string) => [...root().querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

  /** The dialog lives in the overlay, outside the page. */
  async function dialogElement(testId: string): Promise<HTMLElement> {
    // Rendered (its text bound), not only created: before that its close value is not bound either.
    await until(() => (document.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim() ?? '') !== '', `the dialog's ${testId}`);
    return document.querySelector<HTMLElement>(`[data-testid="${testId}"]`)!;
  }
  async function answer(testId: 'confirm' | 'confirm-cancel'): Promise<void> {
    (await dialogElement(testId)).click();
    await until(() => document.querySelector('[data-testid="confirm-text"]') === null, 'the dialog to close');
  }  const text = (element: Element | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  beforeEach(() => {
    localStorage.removeItem('oblako.language');
    api = apiSpy();
  });

  afterEach(() => fixture?.destroy());

  it('lists the waiting patients oldest first, with how long they waited and the promise highlighted', async () => {
    api.get.and.resolveTo([entry('p2:consultation-b', 'Смирнова Ольга', 1, 'on_time'), entry('p1:consultation-a', 'Иванова Мария', 5, 'overdue')]);
    await render(true);
    expect(api.get).toHaveBeenCalledWith(CONSULTATIONS_API.queue);
    const rows = all('queue-entry');
    expect(rows.length).toBe(2);
    expect(text(rows[0])).toContain('Иванова Мария');
    expect(text(rows[1])).toContain('Смирнова Ольга');
    expect(rows[0]!.className).toContain('promise-overdue');
    const page = text(root());
    expect(page).toContain('ждёт 5 дней');
    expect(page).toContain('ждёт 1 день');
    expect(page).toContain('обещанные 4 дня прошли');
    expect(page).toContain('Кардиология');
    expect(page).toContain('I25.1 Ишемическая болезнь сердца');
    expect(page).toContain('Заключение лечащего врача: 1 · МРТ: 2');
    expect(page).toContain('(Владивосток, UTC+10)');
    expect(page).toContain('Приморский край');
  });

  it('tells the doctor when another doctor took the patient first, and the row disappears', async () => {
    const first = entry('p1:consultation-a', 'Иванова Мария', 3, 'attention');
    const second = entry('p2:consultation-b', 'Смирнова Ольга', 1, 'on_time');
    api.get.and.resolveTo([first, second]);
    await render(true);
    api.post.and.rejectWith(new ApiCallError(409, 'already_taken', 'Этого пациента уже взял другой врач.'));
    api.get.and.resolveTo([second]);
    all('take-patient')[0]!.click();
    await answer('confirm');
    await settle();
    expect(api.post).toHaveBeenCalledWith(takeUrl('p1:consultation-a'), {});
    expect(text(root().querySelector('[data-testid="queue-notice"]')!)).toContain('Пациента уже взял другой врач');
    await until(() => all('queue-entry').length === 1, 'the taken row to disappear');
    expect(text(all('queue-entry')[0])).toContain('Смирнова Ольга');
  });

  it('opens the consultation after a successful take', async () => {
    api.get.and.resolveTo([entry('p1:consultation-a', 'Иванова Мария', 3, 'attention')]);
    await render(true);
    const navigate = spyOn(TestBed.inject(Router), 'navigate').and.resolveTo(true);
    api.post.and.resolveTo({ consultationId: 'p1:consultation-a', patientId: 'p1', consultation: {} });
    all('take-patient')[0]!.click();
    await answer('confirm');
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/consultations/c', 'p1:consultation-a'], { queryParams: { taken: 1 } });
  });

  it('asks before taking: the question names the patient and the specialty; «Закрыть» takes nobody', async () => {
    api.get.and.resolveTo([entry('p1:consultation-a', 'Иванова Мария', 3, 'attention')]);
    await render(true);
    all('take-patient')[0]!.click();
    const question = await dialogElement('confirm-text');
    expect(document.querySelector('.mat-mdc-dialog-title')?.textContent).toContain('Взять пациента Иванова Мария?');
    expect(question.textContent).toContain('«Кардиология» станет вашей');
    await answer('confirm-cancel');
    await settle();
    expect(api.post).not.toHaveBeenCalled();
  });

  it('says the queue needs a connection when offline, and does not call the server', async () => {
    await render(false);
    expect(text(root().querySelector('[data-testid="queue-offline"]')!)).toContain('Очередь доступна только при подключении к сети');
    expect(api.get).not.toHaveBeenCalled();
  });
});
