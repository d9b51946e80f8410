import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { civilDateAt, dayRangeInZone, formatCivilDate, type Consultation, type SessionUser } from '@oblako/domain';
import type { DataLayer } from '../../../../pwa/src/app/core/db/data-layer.service';
import { conclusionUrl } from '../../api';
import { ConsultationPage } from './consultation.page';
import { shiftDate } from './days';
import {
  apiSpy,
  closeDatabase,
  doctorTestProviders,
  moscowSettings,
  openDatabase,
  profileOf,
  readyDocuments,
  scheduledConsultation,
  seed,
  takenConsultation,
  until,
  type ApiSpy,
} from './testing';
import { settleFixture } from '../../../../pwa/src/app/kit/testing';
import { LiveMarks } from '@oblako/shell-kit';

const HOUR = 3_600_000;

describe('ConsultationPage (doctor)', () => {
  let api: ApiSpy;
  let layer: DataLayer;
  let fixture: ComponentFixture<ConsultationPage> | undefined;
  let doctor: SessionUser;
  let patientId: string;

  beforeEach(async () => {
    localStorage.removeItem('oblako.language');
    api = apiSpy();
    doctor = { id: `test-${crypto.randomUUID()}`, role: 'doctor', phone: '+79000000003', name: 'Петров Пётр' };
    patientId = `test-${crypto.randomUUID()}`;
    TestBed.configureTestingModule({ providers: doctorTestProviders(doctor, true, api) });
    layer = await openDatabase(doctor);
    const { documents, files } = readyDocuments(patientId, new Date(Date.now() - 3 * 24 * HOUR));
    await seed(layer, 'profiles', [profileOf(patientId, 'Иванова Мария Петровна', 'Asia/Vladivostok')]);
    await seed(layer, 'documents', documents);
    await seed(layer, 'document_files', files);
    await seed(layer, 'doctor_settings', [moscowSettings(doctor.id)]);
  });

  afterEach(async () => {
    fixture?.destroy();
    fixture = undefined;
    await closeDatabase(layer, doctor);
  });

  async function render(consultationId: string): Promise<void> {
    fixture = TestBed.createComponent(ConsultationPage);
    fixture.componentRef.setInput('consultationId', consultationId);
    await settle();
  }

  async function settle(): Promise<void> {
    await settleFixture(fixture!, 4, 10);
  }

  const root = () => fixture!.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => root().querySelector<T>(`[data-testid="${id}"]`);
  const all = (id: string) => [...root().querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
  const text = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  async function waitFor(id: string, what = id): Promise<HTMLElement> {
    await until(async () => {
      await fixture!.whenStable();
      return byTestId(id) !== null;
    }, what);
    return byTestId(id)!;
  }

  /** Tomorrow in Moscow, as local date and the UTC instant of a Moscow wall time on it. */
  function tomorrowInMoscow(hour: number, minute = 0): { key: string; iso: string } {
    const date = shiftDate(civilDateAt(Date.now(), 'Europe/Moscow'), 1);
    const { startMs } = dayRangeInZone(date, 'Europe/Moscow');
    return { key: formatCivilDate(date), iso: new Date(startMs + (hour * 60 + minute) * 60_000).toISOString() };
  }

  it('offers only free slots, in the doctor’s Moscow time, with the time the patient sees in Vladivostok', async () => {
    const now = new Date(Date.now() - HOUR);
    const consultation = takenConsultation(patientId, doctor.id, 'a', now);
    // Another patient of this doctor holds tomorrow 10:00–10:30 Moscow.
    const otherPatient = `test-${crypto.randomUUID()}`;
    const booked = tomorrowInMoscow(10);
    const other = scheduledConsultation(takenConsultation(otherPatient, doctor.id, 'b', now), { start: booked.iso, end: tomorrowInMoscow(10, 30).iso }, new Date());
    await seed(layer, 'consultations', [consultation, other]);
    await render(consultation.id);

    (await waitFor('action-schedule', 'the «Назначить время» action')).click();
    await settle();
    const day = root().querySelector<HTMLElement>(`[data-testid="slot-day"][data-day="${booked.key}"]`)!;
    expect(day).withContext('tomorrow among the days').not.toBeNull();
    day.click();
    await settle();

    const slots = all('slot');
    const times = slots.map((slot) => text(slot.querySelector('.slot__time')));
    expect(times[0]).toBe('09:00');
    expect(times).toContain('09:30');
    expect(times).not.toContain('10:00');
    expect(times).toContain('10:30');
    expect(times[times.length - 1]).toBe('17:30');
    expect(slots.some((slot) => slot.dataset['start'] === booked.iso)).toBeFalse();
    expect(text(root())).toContain('(Москва, UTC+3)');

    // The patient's clock stays beside every slot; from 15:00 Moscow it is 22:00+ in Vladivostok: night, marked.
    const nineAm = slots.find((slot) => text(slot.querySelector('.slot__time')) === '09:00')!;
    expect(text(nineAm.querySelector('[data-testid="slot-patient-local"]'))).toBe('16:00');
    expect(nineAm.dataset['night']).toBeUndefined();
    const threePm = slots.find((slot) => text(slot.querySelector('.slot__time')) === '15:00')!;
    expect(threePm.dataset['night']).toBe('true');
    expect(threePm.getAttribute('aria-label')).toBe('15:00, у пациента 22:00, ночь');

    nineAm.click();
    await settle();
    expect(byTestId('slot-night-warning')).toBeNull();
    expect(text(byTestId('slot-doctor-time'))).toContain('09:00–09:30 (Москва, UTC+3)');
    // 09:00 in Moscow is 16:00 in Vladivostok (UTC+10).
    expect(text(byTestId('slot-patient-time'))).toMatch(/^у пациента: .*16:00 \(Владивосток, UTC\+10\)$/);

    byTestId<HTMLButtonElement>('schedule-confirm')!.click();
    await until(async () => {
      await fixture!.whenStable();
      return text(byTestId('consultation-status')) === 'Назначена';
    }, 'the consultation to be scheduled');
    const database = await layer.database();
    const stored = (await database.db.collections['consultations']!.findOne(consultation.id).exec())!.toJSON() as unknown as Consultation;
    expect(stored.status).toBe('scheduled');
    expect(stored.slot!.start).toBe(tomorrowInMoscow(9).iso);
    expect(text(byTestId('action-saved'))).toBe('Сохранено.');
  });

  it('a slot in the patient’s night (22:00–07:00 in Vladivostok) is booked only after the doctor confirms it was agreed', async () => {
    const consultation = takenConsultation(patientId, doctor.id, 'n', new Date(Date.now() - HOUR));
    await seed(layer, 'consultations', [consultation]);
    await render(consultation.id);
    (await waitFor('action-schedule', 'the «Назначить время» action')).click();
    await settle();
    root().querySelector<HTMLElement>(`[data-testid="slot-day"][data-day="${tomorrowInMoscow(9).key}"]`)!.click();
    await settle();
    // 17:00 Moscow = 00:00 in Vladivostok.
    all('slot').find((slot) => text(slot.querySelector('.slot__time')) === '17:00')!.click();
    await settle();
    expect(text(byTestId('slot-night-warning'))).toContain('У пациента будет 00:00 — ночь.');
    const confirm = byTestId<HTMLButtonElement>('schedule-confirm')!;
    expect(confirm.disabled).withContext('a night slot waits for the confirmation').toBeTrue();
    byTestId('slot-night-agreed')!.querySelector<HTMLInputElement>('input')!.click();
    await settle();
    expect(confirm.disabled).toBeFalse();
    confirm.click();
    await until(async () => {
      await fixture!.whenStable();
      return text(byTestId('consultation-status')) === 'Назначена';
    }, 'the night slot to be booked after the confirmation');
    const database = await layer.database();
    const stored = (await database.db.collections['consultations']!.findOne(consultation.id).exec())!.toJSON() as unknown as Consultation;
    expect(stored.slot!.start).toBe(tomorrowInMoscow(17).iso);
  });

  it('lists the call\'s events among the steps, in the doctor\'s Moscow time, and the patient waiting live', async () => {
    const start = new Date(Date.now() - 20 * 60_000);
    const scheduled = scheduledConsultation(takenConsultation(patientId, doctor.id, 'v', new Date(Date.now() - 3 * HOUR)), {
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
    }, new Date(Date.now() - 2 * HOUR));
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const inCall: Consultation = {
      ...scheduled,
      status: 'in_progress',
      startedAt: at(18),
      updatedAt: at(18),
      history: [...scheduled.history, { transition: 'start', actorId: doctor.id, role: 'doctor', at: at(18) }],
      callEvents: [
        { kind: 'joined', role: 'patient', at: at(19) },
        { kind: 'joined', role: 'doctor', at: at(18) },
        { kind: 'audio_only', role: 'patient', at: at(10) },
        { kind: 'reconnected', role: 'patient', at: at(1), count: 2 },
        { kind: 'ended', role: 'doctor', at: at(1), seconds: 17 * 60 + 20 },
      ],
    };
    await seed(layer, 'consultations', [inCall]);
    await render(inCall.id);
    await until(async () => {
      await fixture!.whenStable();
      return all('history-entry').some((entry) => entry.dataset['kind'] === 'call-ended');
    }, 'the call in the history');
    const entries = all('history-entry').map((entry) => `${entry.dataset['kind']}: ${text(entry)}`);
    const kinds = entries.map((entry) => entry.split(':')[0]);
    // In time order: the patient came first, then the doctor started and joined.
    expect(kinds.slice(-6)).toEqual(['call-joined', 'step', 'call-joined', 'call-audio_only', 'call-reconnected', 'call-ended']);
    expect(entries.find((entry) => entry.startsWith('call-joined'))).toMatch(/Пациент подключился к звонку.*\(Москва, UTC\+3\)$/);
    expect(entries.at(-1)).toContain('Звонок длился 17 мин');
    expect(entries.at(-2)).toContain('Связь восстанавливалась 2 раза');
    expect(entries.at(-3)).toContain('Только звук: слабая связь (у пациента)');

    // The video module publishes the presence; the page shows it by the call button, live.
    const marks = TestBed.inject(LiveMarks);
    marks.publish('video', new Map([[inCall.id, { key: 'video.mark.patientWaiting', tone: 'attention' as const }]]));
    await until(async () => {
      await fixture!.whenStable();
      return text(byTestId('live-mark')) === 'Пациент ждёт в комнате ожидания';
    }, 'the live mark');
    marks.publish('video', new Map());
    await until(async () => {
      await fixture!.whenStable();
      return byTestId('live-mark') === null;
    }, 'the mark gone');
  });

  it('refuses a conclusion without a diagnosis or with a malformed ICD-10 code, then issues a correct one', async () => {
    const start = new Date(Date.now() - 2 * HOUR);
    const scheduled = scheduledConsultation(takenConsultation(patientId, doctor.id, 'c', new Date(Date.now() - 3 * HOUR)), {
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
    }, new Date(Date.now() - 150 * 60_000));
    const held: Consultation = {
      ...scheduled,
      status: 'held',
      heldAt: new Date(Date.now() - HOUR).toISOString(),
      updatedAt: new Date(Date.now() - HOUR).toISOString(),
      history: [...scheduled.history, { transition: 'complete', actorId: doctor.id, role: 'doctor', at: new Date(Date.now() - HOUR).toISOString() }],
    };
    localStorage.removeItem(`oblako.conclusion-draft.${held.id}`);
    await seed(layer, 'consultations', [held]);
    await render(held.id);
    const submit = (await waitFor('conclusion-submit', 'the conclusion form')) as HTMLButtonElement;

    submit.click();
    await settle();
    expect(api.post).not.toHaveBeenCalled();
    expect(text(byTestId('diagnosis-error'))).toBe('Укажите диагноз.');
    expect(text(byTestId('icd10-error'))).toBe('Укажите код МКБ-10.');

    const type = async (id: string, value: string) => {
      const field = byTestId<HTMLInputElement | HTMLTextAreaElement>(id)!;
      field.value = value;
      field.dispatchEvent(new Event('input'));
      await settle();
    };
    await type('conclusion-diagnosis', 'Ишемическая болезнь сердца');
    await type('conclusion-icd10', 'I2');
    submit.click();
    await settle();
    expect(api.post).not.toHaveBeenCalled();
    expect(byTestId('diagnosis-error')).toBeNull();
    expect(text(byTestId('icd10-error'))).toContain('Код МКБ-10 пишется как буква и две цифры');
    // The draft survives a reload.
    expect(JSON.parse(localStorage.getItem(`oblako.conclusion-draft.${held.id}`)!).diagnosis).toBe('Ишемическая болезнь сердца');

    await type('conclusion-icd10', 'i25.1');
    api.post.and.resolveTo({
      documentId: `${patientId}:conclusion-c`, fileId: 'f', issuedAt: new Date().toISOString(), issuedBy: { id: doctor.id, name: 'Петров Пётр' }, signature: 'unsigned',
    });
    submit.click();
    await settle();
    expect(api.post).toHaveBeenCalledOnceWith(conclusionUrl(held.id), {
      complaints: '', findings: '', diagnosis: 'Ишемическая болезнь сердца', icd10: 'I25.1', recommendations: '',
    });
    expect(text(byTestId('conclusion-issued'))).toContain('Заключение выдано');
    expect(byTestId('conclusion-link')!.getAttribute('href')).toBe(`/documents/patients/${patientId}`);
    expect(localStorage.getItem(`oblako.conclusion-draft.${held.id}`)).toBeNull();
  });
});
