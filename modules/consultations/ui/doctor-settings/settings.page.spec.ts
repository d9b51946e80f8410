import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { SessionUser } from '@oblako/domain';
import type { RxCollection } from 'rxdb';
import { DataLayer } from '../../../../pwa/src/app/core/db/data-layer.service';
import { databaseName, removeUserDatabase } from '../../../../pwa/src/app/core/db/user-database';
import type { DoctorSettings } from '../../schema';
import { consultationsTestProviders, until } from '../manager/testing';
import { DoctorSettingsPage } from './settings.page';
import { settleFixture } from '../../../../pwa/src/app/kit/testing';

/** The calendar form against a real RxDB database on IndexedDB; only the network replication is left out. */
describe('DoctorSettingsPage', () => {
  let user: SessionUser;
  let fixture: ComponentFixture<DoctorSettingsPage>;
  let layer: DataLayer;
  let settings: RxCollection<DoctorSettings>;

  async function create(online: boolean): Promise<void> {
    localStorage.removeItem('oblako.language');
    user = { id: `test-${crypto.randomUUID()}`, role: 'doctor', phone: '+79000000002', name: 'Петрова Ирина' };
    TestBed.configureTestingModule({ imports: [DoctorSettingsPage], providers: consultationsTestProviders(user, online) });
    layer = TestBed.inject(DataLayer);
    await layer.open(user);
    settings = (await layer.database()).db.collections['doctor_settings'] as RxCollection<DoctorSettings>;
    fixture = TestBed.createComponent(DoctorSettingsPage);
    await settle();
  }

  afterEach(async () => {
    fixture.destroy();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => (element.innerHTML = ''));
    await layer.close();
    await removeUserDatabase(databaseName(user.id));
  });

  async function settle(ms = 30): Promise<void> {
    await settleFixture(fixture, 3, ms);
  }

  const page = () => fixture.nativeElement as HTMLElement;
  const day = (name: string) => page().querySelector(`[data-testid="day-${name}"]`) as HTMLElement;
  const times = (name: string, edge: 'start' | 'end') =>
    [...day(name).querySelectorAll(`[data-testid="interval-${edge}"]`)] as HTMLInputElement[];
  const snackBar = () => document.querySelector('.mat-mdc-snack-bar-label')?.textContent?.trim();
  const settingsId = () => `${user.id}:settings`;

  async function setTime(input: HTMLInputElement, value: string): Promise<void> {
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('change'));
    await settle();
  }

  async function save(): Promise<void> {
    (page().querySelector('[data-testid="settings-save"]') as HTMLButtonElement).click();
    await settle();
  }

  it('starts a new doctor at Mon–Fri 09:00–18:00, 30 minutes, with free slots to preview', async () => {
    await create(true);
    expect(times('mon', 'start').map((input) => input.value)).toEqual(['09:00']);
    expect(times('fri', 'end').map((input) => input.value)).toEqual(['18:00']);
    expect(times('sat', 'start')).toEqual([]);
    expect(day('sat').textContent).toContain('Не работаю');
    expect((page().querySelector('[data-testid="settings-slot"]') as HTMLInputElement).value).toBe('30');
    expect(page().querySelectorAll('[data-testid="preview-slot"]').length).toBe(5);
    expect(await settings.findOne(settingsId()).exec()).toBeNull();
  });

  it('refuses overlapping intervals with a Russian message and saves nothing', async () => {
    await create(true);
    (day('mon').querySelector('[data-testid="add-interval-mon"]') as HTMLButtonElement).click();
    await settle();
    expect(times('mon', 'start').length).toBe(2);
    await setTime(times('mon', 'end')[0]!, '13:00');
    await setTime(times('mon', 'start')[1]!, '12:00');
    await setTime(times('mon', 'end')[1]!, '18:00');
    expect(day('mon').querySelector('[data-testid="day-error"]')!.textContent).toContain('Интервалы пересекаются: Понедельник');
    await save();
    expect(page().querySelector('[data-testid="settings-errors"]')!.textContent).toContain('Исправьте ошибки в календаре');
    expect(await settings.findOne(settingsId()).exec()).toBeNull();
    expect(page().querySelector('[data-testid="preview-slot"]')).toBeNull();
  });

  it('saves a valid calendar with a lunch break, copied to the weekdays, to the local database', async () => {
    await create(false);
    await setTime(times('mon', 'end')[0]!, '13:00');
    (day('mon').querySelector('[data-testid="add-interval-mon"]') as HTMLButtonElement).click();
    await settle();
    await setTime(times('mon', 'start')[1]!, '14:00');
    await setTime(times('mon', 'end')[1]!, '18:00');
    (page().querySelector('[data-testid="copy-monday"]') as HTMLButtonElement).click();
    await settle();
    const slot = page().querySelector('[data-testid="settings-slot"]') as HTMLInputElement;
    slot.value = '45';
    slot.dispatchEvent(new Event('input'));
    const dayOff = page().querySelector('[data-testid="dayoff-input"]') as HTMLInputElement;
    dayOff.value = '2026-12-31';
    dayOff.dispatchEvent(new Event('input'));
    await settle();
    (page().querySelector('[data-testid="dayoff-add"]') as HTMLButtonElement).click();
    await settle();
    expect(page().querySelectorAll('[data-testid="dayoff-item"]').length).toBe(1);
    expect(page().querySelector('[data-testid="day-error"]')).toBeNull();
    await save();
    await until(async () => (await settings.findOne(settingsId()).exec()) !== null, 'the settings are stored');
    const stored = (await settings.findOne(settingsId()).exec())!.toJSON();
    const lunchBreak = [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }];
    expect(stored).toEqual(jasmine.objectContaining({ id: settingsId(), doctorId: user.id, slotMinutes: 45, daysOff: ['2026-12-31'], specialties: [] }));
    expect(stored.week).toEqual(jasmine.objectContaining({ mon: lunchBreak, tue: lunchBreak, wed: lunchBreak, thu: lunchBreak, fri: lunchBreak, sat: [], sun: [] }));
    expect(['Europe/Moscow', Intl.DateTimeFormat().resolvedOptions().timeZone]).toContain(stored.timeZone);
    expect(snackBar()).toBe('Сохранено на устройстве, отправится при подключении');
    expect(await (await layer.database()).pending.ids('doctor_settings')).toEqual([settingsId()]);
  });

  it('shows the stored calendar, also when another device changes it', async () => {
    await create(true);
    await settings.insert({
      id: settingsId(), doctorId: user.id, timeZone: 'Asia/Vladivostok', slotMinutes: 20, week: { tue: [{ start: '10:00', end: '12:00' }] },
      daysOff: [], specialties: ['neurology'], updatedAt: new Date().toISOString(),
    });
    await until(() => times('tue', 'start').length === 1 && times('tue', 'start')[0]!.value === '10:00', 'the stored hours');
    expect(times('mon', 'start')).toEqual([]);
    expect((page().querySelector('[data-testid="settings-slot"]') as HTMLInputElement).value).toBe('20');
    expect(page().querySelector('[data-testid="settings-timezone"]')!.textContent).toContain('Владивосток');
    // The preview names the doctor's zone.
    const preview = page().querySelector('[data-testid="preview-slot"]')?.textContent ?? '';
    expect(preview).toContain('(Владивосток, UTC+10)');
  });
});
