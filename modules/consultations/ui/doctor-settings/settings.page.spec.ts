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
    dayOff.value = '31.12.2026';
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

  it('offers 24:00 as the end of a day that lasts until midnight, and reads a typed 00:00 end as 24:00', async () => {
    await create(false);
    await setTime(times('mon', 'start')[0]!, '18:00');
    await setTime(times('mon', 'end')[0]!, '00:00');
    times('mon', 'end')[0]!.dispatchEvent(new Event('blur'));
    await settle();
    expect(times('mon', 'end')[0]!.value).toBe('24:00');
    times('mon', 'end')[0]!.click();
    await settle();
    const options = [...document.querySelectorAll('.mat-timepicker-panel mat-option')].map((option) => option.textContent?.trim());
    expect(options.at(-1)).toBe('24:00');
    expect(options).toContain('23:55');
    expect(options.length).toBe(24 * 12 + 1);
    document.querySelector<HTMLElement>('.mat-timepicker-panel mat-option:last-child')!.click();
    await settle();
    expect(page().querySelector('[data-testid="day-error"]')).toBeNull();
    await save();
    await until(async () => (await settings.findOne(settingsId()).exec()) !== null, 'the settings are stored');
    expect((await settings.findOne(settingsId()).exec())!.toJSON().week['mon']).toEqual([{ start: '18:00', end: '24:00' }]);
  });

  it('says a typed time that is no time is wrong, and keeps the field being typed in on screen', async () => {
    await create(true);
    const field = times('tue', 'start')[0]!;
    await setTime(field, '9:7');
    expect(day('tue').querySelector('[data-testid="day-error"]')!.textContent).toContain('Время указывается как ЧЧ:ММ');
    await setTime(field, '8.30');
    expect(day('tue').querySelector('[data-testid="day-error"]')).toBeNull();
    // Another device saves its calendar meanwhile: the draft being edited is not replaced, the field stays the same element.
    await settings.insert({
      id: settingsId(), doctorId: user.id, timeZone: 'Europe/Moscow', slotMinutes: 20, week: { tue: [{ start: '10:00', end: '12:00' }] },
      daysOff: [], specialties: [], updatedAt: new Date().toISOString(),
    });
    await settle(100);
    expect(times('tue', 'start')[0]).toBe(field);
    expect(page().querySelector('[data-testid="settings-dirty"]')).not.toBeNull();
    expect((page().querySelector('[data-testid="settings-slot"]') as HTMLInputElement).value).toBe('30');
  });

  it('keeps the rows on screen when the stored calendar arrives for an untouched page', async () => {
    await create(true);
    const monday = times('mon', 'start')[0]!;
    expect(page().querySelector('form')!.getAttribute('data-stored')).toBe('false');
    await settings.insert({
      id: settingsId(), doctorId: user.id, timeZone: 'Europe/Moscow', slotMinutes: 20, week: { mon: [{ start: '08:00', end: '12:00' }] },
      daysOff: [], specialties: [], updatedAt: new Date().toISOString(),
    });
    await until(() => times('mon', 'start')[0]?.value === '08:00', 'the stored hours');
    expect(times('mon', 'start')[0]).toBe(monday);
    expect(page().querySelector('form')!.getAttribute('data-stored')).toBe('true');
  });

  it('refuses a day off typed in a way that is no date, in Russian', async () => {
    await create(true);
    const dayOff = page().querySelector('[data-testid="dayoff-input"]') as HTMLInputElement;
    dayOff.value = '31.02.2027';
    dayOff.dispatchEvent(new Event('input'));
    await settle();
    (page().querySelector('[data-testid="dayoff-add"]') as HTMLButtonElement).click();
    await settle();
    expect(page().querySelector('[data-testid="dayoff-error"]')!.textContent).toContain('Введите дату в виде дд.мм.гггг');
    expect(page().querySelectorAll('[data-testid="dayoff-item"]').length).toBe(0);
  });
});
