import { provideEnvironmentInitializer, provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideStore } from '@ngrx/store';
import type { SessionUser } from '@oblako/domain';
import type { RxCollection } from 'rxdb';
import { DataLayer } from '../../../pwa/src/app/core/db/data-layer.service';
import { databaseName, removeUserDatabase } from '../../../pwa/src/app/core/db/user-database';
import { registerSvgIcons } from '../../../pwa/src/app/core/icons/svg-icons';
import { MODULE_REGISTRY } from '../../../pwa/src/app/core/modules/module-registry';
import { MODULES } from '@oblako/modules';
import { ReplicationService } from '../../../pwa/src/app/core/replication/replication.service';
import { connectivityFeature } from '../../../pwa/src/app/core/connectivity/connectivity.reducer';
import { sessionFeature } from '../../../pwa/src/app/core/session/session.reducer';
import { syncFeature } from '../../../pwa/src/app/core/sync/sync.reducer';
import type { PatientProfile } from '../index';
import { MyProfilePage } from './my-profile.page';
import { settleFixture } from '../../../pwa/src/app/kit/testing';

/** The form against a real RxDB database on IndexedDB; only the network replication is left out. */
describe('MyProfilePage', () => {
  let user: SessionUser;
  let fixture: ComponentFixture<MyProfilePage>;
  let layer: DataLayer;
  let profiles: RxCollection<PatientProfile>;

  beforeEach(async () => {
    localStorage.removeItem('oblako.language');
    user = { id: `test-${crypto.randomUUID()}`, role: 'patient', phone: '+79000000001', name: 'Иванова Мария' };
    TestBed.configureTestingModule({
      imports: [MyProfilePage],
      providers: [
        provideZonelessChangeDetection(),
        provideEnvironmentInitializer(registerSvgIcons),
        // The app loads the registry lazily (ModuleRegistryLoader); the spec has it from the start.
        { provide: MODULE_REGISTRY, useValue: MODULES },
        provideStore(
          { [sessionFeature.name]: sessionFeature.reducer, [connectivityFeature.name]: connectivityFeature.reducer, [syncFeature.name]: syncFeature.reducer },
          { initialState: { [sessionFeature.name]: { user, status: 'signed-in' as const, error: null }, [connectivityFeature.name]: { network: true, serverReachable: true } } },
        ),
        { provide: ReplicationService, useValue: { start: () => undefined, stop: async () => undefined } },
      ],
    });
    layer = TestBed.inject(DataLayer);
    await layer.open(user);
    profiles = (await layer.database()).db.collections['profiles'] as RxCollection<PatientProfile>;
    fixture = TestBed.createComponent(MyProfilePage);
    await settle();
  });

  afterEach(async () => {
    fixture.destroy();
    document.querySelectorAll('.cdk-overlay-container').forEach((el) => (el.innerHTML = ''));
    await layer.close();
    await removeUserDatabase(databaseName(user.id));
  });

  async function settle(): Promise<void> {
    await settleFixture(fixture, 3, 30);
  }

  function input(field: string): HTMLInputElement {
    return fixture.nativeElement.querySelector(`[formcontrolname="${field}"]`) as HTMLInputElement;
  }

  async function type(field: string, value: string): Promise<void> {
    const element = input(field);
    element.value = value;
    element.dispatchEvent(new Event('input'));
    element.dispatchEvent(new Event('blur'));
    await settle();
  }

  async function save(): Promise<void> {
    (fixture.nativeElement.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await settle();
  }

  const errors = () => [...fixture.nativeElement.querySelectorAll('mat-error')].map((e: Element) => e.textContent!.trim());
  const snackBar = () => document.querySelector('.mat-mdc-snack-bar-label')?.textContent?.trim();
  const profileId = () => `${user.id}:profile`;

  it('labels every field in Russian', () => {
    const labels = [...fixture.nativeElement.querySelectorAll('mat-label')].map((e: Element) => e.textContent!.trim());
    expect(labels).toEqual(['ФИО', 'Дата рождения', 'Регион', 'Часовой пояс', 'Контактный телефон']);
  });

  it('shows a stored birth date as дд.мм.гггг, marks what is required and names a date typed wrong', async () => {
    await profiles.insert({ id: profileId(), patientId: user.id, fullName: 'Иванова Мария', birthDate: '1961-04-12', region: '', timeZone: 'Europe/Moscow', contactPhone: '', updatedAt: new Date().toISOString() });
    await settle();
    expect(input('birthDate').value).toBe('12.04.1961');
    const required = [...fixture.nativeElement.querySelectorAll('mat-form-field')].filter((field: Element) => field.querySelector('.mat-mdc-form-field-required-marker'));
    expect(required.map((field: Element) => field.querySelector('mat-label')!.textContent!.trim())).toEqual(['ФИО', 'Часовой пояс']);
    expect(fixture.nativeElement.textContent).toContain('* — обязательные поля');
    await type('birthDate', '12.13.1961');
    await save();
    expect(errors()).toEqual(['Введите дату в виде дд.мм.гггг, например 05.12.1980.']);
    expect((await profiles.findOne(profileId()).exec())!.toJSON().birthDate).toBe('1961-04-12');
  });

  it('shows the server’s validation messages and saves nothing while invalid', async () => {
    await type('fullName', ' ');
    await type('birthDate', '01.01.2999');
    await type('contactPhone', '12');
    await save();
    expect(errors()).toEqual([
      'Укажите фамилию, имя и отчество.',
      'Дата рождения не может быть в будущем.',
      'Введите номер телефона, например +7 900 123-45-67.',
    ]);
    expect(await profiles.findOne(profileId()).exec()).toBeNull();
  });

  it('saves to the local database, normalised, and counts it as waiting to sync', async () => {
    await type('fullName', '  Иванова   Мария Петровна ');
    await type('birthDate', '12.04.1985');
    await type('region', 'Томская область');
    fixture.componentInstance.form.controls.timeZone.setValue('Asia/Omsk');
    await type('contactPhone', '8 (913) 555-12-34');
    await save();
    expect(errors()).toEqual([]);
    const stored = (await profiles.findOne(profileId()).exec())!.toJSON();
    expect(stored).toEqual(jasmine.objectContaining({
      id: profileId(), patientId: user.id, fullName: 'Иванова Мария Петровна', birthDate: '1985-04-12',
      region: 'Томская область', timeZone: 'Asia/Omsk', contactPhone: '+79135551234',
    }));
    expect(input('contactPhone').value).toBe('+7 913 555-12-34');
    expect(snackBar()).toBe('Сохранено');
    expect(await (await layer.database()).pending.ids('profiles')).toEqual([profileId()]);
  });

  it('takes changes from another device live without overwriting what the person is typing', async () => {
    await profiles.insert({ id: profileId(), patientId: user.id, fullName: 'Иванова Мария', birthDate: '', region: 'Томская область', timeZone: 'Europe/Moscow', contactPhone: '', updatedAt: new Date().toISOString() });
    await settle();
    expect(input('fullName').value).toBe('Иванова Мария');
    await type('fullName', 'Иванова Мария Петр');
    // Another device changes the region and the name at the same time.
    await profiles.findOne(profileId()).incrementalPatch({ region: 'Омская область', fullName: 'Иванова М.' });
    await settle();
    expect(input('region').value).toBe('Омская область');
    expect(input('fullName').value).toBe('Иванова Мария Петр');
  });
});
