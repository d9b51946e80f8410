import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { formatTimeInZone, type SessionUser } from '@oblako/domain';
import type { DataLayer } from '../../../../pwa/src/app/core/db/data-layer.service';
import { LiveMarks } from '@oblako/shell-kit';
import { DayPage } from './day.page';
import {
  apiSpy,
  closeDatabase,
  doctorTestProviders,
  moscowSettings,
  openDatabase,
  profileOf,
  scheduledConsultation,
  seed,
  takenConsultation,
  until,
} from './testing';

const HOUR = 3_600_000;

describe('DayPage («Мой день»)', () => {
  let layer: DataLayer;
  let fixture: ComponentFixture<DayPage> | undefined;
  let doctor: SessionUser;

  beforeEach(async () => {
    localStorage.removeItem('oblako.language');
    doctor = { id: `test-${crypto.randomUUID()}`, role: 'doctor', phone: '+79000000004', name: 'Петров Пётр' };
    // Offline: the day is read from the device's database only.
    TestBed.configureTestingModule({ providers: doctorTestProviders(doctor, false, apiSpy()) });
    layer = await openDatabase(doctor);
  });

  afterEach(async () => {
    fixture?.destroy();
    fixture = undefined;
    await closeDatabase(layer, doctor);
  });

  const root = () => fixture!.nativeElement as HTMLElement;
  const all = (id: string) => [...root().querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
  const text = (element: Element | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  it('lists today’s consultation at its Moscow time, and the patients waiting for an action', async () => {
    const patientA = `test-${crypto.randomUUID()}`;
    const patientB = `test-${crypto.randomUUID()}`;
    // A slot that started within the last half hour: always today in Moscow.
    const start = Math.floor(Date.now() / (30 * 60_000)) * 30 * 60_000;
    const slot = { start: new Date(start).toISOString(), end: new Date(start + 30 * 60_000).toISOString() };
    const today = scheduledConsultation(takenConsultation(patientA, doctor.id, 'a', new Date(Date.now() - 48 * HOUR)), slot, new Date(Date.now() - 24 * HOUR));
    const waiting = takenConsultation(patientB, doctor.id, 'b', new Date(Date.now() - 2 * HOUR));
    await seed(layer, 'doctor_settings', [moscowSettings(doctor.id)]);
    await seed(layer, 'profiles', [profileOf(patientA, 'Иванова Мария Петровна', 'Asia/Vladivostok'), profileOf(patientB, 'Смирнов Олег', 'Asia/Yekaterinburg')]);
    await seed(layer, 'consultations', [today, waiting]);

    fixture = TestBed.createComponent(DayPage);
    await until(async () => {
      await fixture!.whenStable();
      // Names come from a second live query (profiles): wait for them too, not only for the rows.
      return text(root()).includes('(Москва, UTC+3)') && all('day-item').length === 1 && all('waiting-item').length === 1
        && text(all('day-item')[0]).includes('Иванова Мария Петровна') && text(all('waiting-item')[0]).includes('Смирнов Олег');
    }, 'the day and the waiting list');

    const item = all('day-item')[0]!;
    expect(text(item)).toContain(`${formatTimeInZone(slot.start, 'Europe/Moscow')}–${formatTimeInZone(slot.end, 'Europe/Moscow')}`);
    expect(text(item)).toContain('Иванова Мария Петровна');
    expect(text(item)).toContain('Кардиология · Назначена');
    expect(item.getAttribute('href')).toBe(`/consultations/c/${today.id}`);
    expect(text(all('waiting-item')[0])).toContain('Смирнов Олег');
    expect(text(all('waiting-item')[0])).toContain('Назначьте время');
    expect(text(root().querySelector('[data-testid="day-date"]')!)).toMatch(/^Сегодня, /);

    // The video module says the patient waits (its presence stream): the row shows it, live.
    const marks = TestBed.inject(LiveMarks);
    expect(item.querySelector('[data-testid="live-mark"]')).toBeNull();
    marks.publish('video', new Map([[today.id, { key: 'video.mark.patientWaiting', tone: 'attention' as const }]]));
    await until(async () => {
      await fixture!.whenStable();
      return text(all('day-item')[0]?.querySelector('[data-testid="live-mark"]') ?? undefined) === 'Пациент ждёт в комнате ожидания';
    }, 'the waiting mark on the row');
    expect(all('waiting-item')[0]!.querySelector('[data-testid="live-mark"]')).toBeNull();
    marks.publish('video', new Map());
    await until(async () => {
      await fixture!.whenStable();
      return all('day-item')[0]?.querySelector('[data-testid="live-mark"]') === null;
    }, 'the mark gone when the patient left');

    root().querySelector<HTMLElement>('[data-testid="day-next"]')!.click();
    await until(async () => {
      await fixture!.whenStable();
      return all('day-item').length === 0;
    }, 'tomorrow to be empty');
    expect(root().querySelector('[data-testid="day-empty"]')).not.toBeNull();
  });
});
