import { provideEnvironmentInitializer, provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { ApiCallError, provideModuleTranslations, selectUser } from '@oblako/shell-kit';
import { registerSvgIcons } from '../../../../pwa/src/app/core/icons/svg-icons';
import { settleFixture } from '../../../../pwa/src/app/kit/testing';
import type { DeactivationResult, StaffAuditEntry, StaffMember } from '../../staff-api';
import { AdminApi } from '../admin-api';
import { ADMIN_ICONS } from '../admin-icons';
import { ADMIN_PAGE_TRANSLATIONS } from '../i18n';
import { STAFF_PAGE_TRANSLATIONS } from './i18n';
import { StaffPage } from './staff.page';

const ME = 'aaaaaaaa-0000-4000-8000-000000000001';
const member = (id: string, fullName: string, extra: Partial<StaffMember> = {}): StaffMember => ({
  id, role: 'doctor', fullName, phone: '+79161234501', disabled: false, activated: true, specialties: ['cardiology'], timeZone: 'Asia/Yekaterinburg',
  createdAt: '2026-12-01T09:00:00.000Z', sms: null, ...extra,
});
const STAFF: StaffMember[] = [
  member(ME, 'Кузнецова Ольга Ивановна', { role: 'manager', specialties: [], timeZone: '' }),
  member('bbbbbbbb-0000-4000-8000-000000000002', 'Орлова Нина Сергеевна', { activated: false, sms: { messageId: 'm1', state: 'sent', attempts: 1, provider: 'outbox', queuedAt: '2026-12-01T09:00:00.000Z' } }),
];
const AUDIT: StaffAuditEntry[] = [
  { at: '2026-12-01T09:00:00.000Z', action: 'staff_created', actor: { id: ME, name: 'Кузнецова Ольга Ивановна' }, staff: { id: STAFF[1]!.id, name: 'Орлова Нина Сергеевна', role: 'doctor' } },
  { at: '2026-11-30T08:00:00.000Z', action: 'staff_created', actor: { id: 'cli', name: 'npm run manage' }, staff: { id: ME, name: 'Кузнецова Ольга Ивановна', role: 'manager' } },
];

describe('StaffPage («Сотрудники»)', () => {
  let api: jasmine.SpyObj<AdminApi>;
  let fixture: ComponentFixture<StaffPage>;

  beforeEach(async () => {
    localStorage.removeItem('oblako.language');
    api = jasmine.createSpyObj<AdminApi>('AdminApi', ['staff', 'staffAudit', 'addStaff', 'deactivateStaff', 'staffHoldings', 'resetStaffPassword', 'changeSpecialties']);
    api.staff.and.resolveTo(STAFF);
    api.staffAudit.and.resolveTo(AUDIT);
    TestBed.configureTestingModule({
      imports: [StaffPage],
      providers: [
        provideZonelessChangeDetection(), provideRouter([]), provideEnvironmentInitializer(registerSvgIcons), ADMIN_ICONS,
        provideMockStore({ selectors: [{ selector: selectUser, value: { id: ME, role: 'manager', phone: '+79000000004', name: 'Кузнецова Ольга Ивановна' } }] }),
        provideModuleTranslations(ADMIN_PAGE_TRANSLATIONS), provideModuleTranslations(STAFF_PAGE_TRANSLATIONS), { provide: AdminApi, useValue: api },
      ],
    });
    fixture = TestBed.createComponent(StaffPage);
    await settleFixture(fixture, 3, 20);
  });

  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    fixture.destroy();
    // provideMockStore's selector values live on the (global) memoized selectors: left set, every
    // later spec's page would see this manager as the signed-in user.
    TestBed.inject(MockStore).resetSelectors();
  });

  const page = () => fixture.nativeElement as HTMLElement;
  const rows = () => [...page().querySelectorAll('[data-testid="staff-row"]')] as HTMLElement[];
  const dialog = () => document.querySelector('mat-dialog-container') as HTMLElement;

  it('lists staff with role, phone, specialties, zone and state; one\'s own row has no «Отключить»', () => {
    expect(rows().length).toBe(2);
    expect(rows()[0]!.textContent).toContain('Менеджер');
    expect(rows()[0]!.querySelector('[data-testid="staff-deactivate"]')).toBeNull();
    const doctor = rows()[1]!.textContent!;
    expect(doctor).toContain('Врач');
    expect(doctor).toContain('+7 916 123-45-01');
    expect(doctor).toContain('Кардиология');
    expect(doctor).toContain('Екатеринбург');
    expect(doctor).toContain('Ещё не входил (временный пароль)');
    expect(doctor).toContain('SMS с паролем: Отправлено');
    expect(rows()[1]!.querySelector('[data-testid="staff-deactivate"]')).not.toBeNull();
  });

  it('shows the change log in the reader\'s zone, naming the installer for the command line', () => {
    const entries = [...page().querySelectorAll('[data-testid="staff-audit-entry"]')].map((entry) => entry.textContent!);
    expect(entries[0]).toContain('Кузнецова Ольга Ивановна добавил(а) сотрудника Орлова Нина Сергеевна (врач)');
    expect(entries[1]).toContain('Установщик (командная строка)');
    expect(page().textContent).toContain('Время:');
  });

  it('the add form names a missing specialty before sending, and shows the server\'s refusal under the phone', async () => {
    (page().querySelector('[data-testid="staff-add"]') as HTMLButtonElement).click();
    await settleFixture(fixture, 3, 50);
    const type = (testId: string, value: string) => {
      const input = dialog().querySelector(`[data-testid="${testId}"]`) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    type('staff-name', 'Зайцева Елена Павловна');
    type('staff-phone', '+7 916 123-45-09');
    (dialog().querySelector('[data-testid="staff-save"]') as HTMLButtonElement).click();
    await settleFixture(fixture, 3, 20);
    expect(dialog().textContent).toContain('Выберите хотя бы одну специальность врача.');
    expect(api.addStaff).not.toHaveBeenCalled();

    (dialog().querySelector('[data-testid="staff-role-manager"] input') as HTMLInputElement).click();
    await settleFixture(fixture, 3, 20);
    api.addStaff.and.rejectWith(new ApiCallError(409, 'staff_phone_taken', 'Этот номер уже принадлежит пациенту или сотруднику. Укажите другой номер.', 'phone'));
    (dialog().querySelector('[data-testid="staff-save"]') as HTMLButtonElement).click();
    await settleFixture(fixture, 3, 50);
    expect(api.addStaff).toHaveBeenCalledOnceWith({ role: 'manager', fullName: 'Зайцева Елена Павловна', phone: '+7 916 123-45-09' });
    expect(dialog().querySelector('[data-testid="staff-phone-problem"]')!.textContent).toContain('Этот номер уже принадлежит пациенту или сотруднику');
  });

  it('deactivates only after confirmation, then lists what the doctor still holds with the way to reassign', async () => {
    const doctor = STAFF[1]!;
    const result: DeactivationResult = {
      member: { ...doctor, disabled: true },
      holdings: {
        patients: [{ patientId: 'p1', patientName: 'Иванова Мария Петровна' }],
        consultations: [{ consultationId: 'p1:c1', patientId: 'p1', patientName: 'Иванова Мария Петровна', status: 'scheduled', specialty: 'cardiology' }],
      },
    };
    api.deactivateStaff.and.resolveTo(result);
    (rows()[1]!.querySelector('[data-testid="staff-deactivate"]') as HTMLButtonElement).click();
    await settleFixture(fixture, 3, 50);
    expect(dialog().textContent).toContain('Отключить: Орлова Нина Сергеевна?');
    expect(dialog().textContent).toContain('все его сеансы завершатся');
    api.staff.and.resolveTo([STAFF[0]!, result.member]);
    (dialog().querySelector('[data-testid="confirm"]') as HTMLButtonElement).click();
    await settleFixture(fixture, 3, 150);
    expect(api.deactivateStaff).toHaveBeenCalledOnceWith(doctor.id);
    const holdings = page().querySelector('[data-testid="staff-holdings"]')!;
    expect(holdings.textContent).toContain('За врачом Орлова Нина Сергеевна остались');
    expect(holdings.querySelector('[data-testid="held-consultation"]')!.textContent).toContain('Иванова Мария Петровна — назначена');
    expect(holdings.querySelector('[data-testid="reassign-link"]')!.getAttribute('href')).toBe('/consultations/stages');
    expect(rows()[1]!.textContent).toContain('Отключён');
  });
});
