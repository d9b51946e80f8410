import { provideEnvironmentInitializer, provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideMockStore } from '@ngrx/store/testing';
import { provideModuleTranslations } from '@oblako/shell-kit';
import { registerSvgIcons } from '../../../pwa/src/app/core/icons/svg-icons';
import type { PatientCredentials } from '../api';
import { AdminApi } from './admin-api';
import { ADMIN_ICONS } from './admin-icons';
import { CredentialsListComponent } from './credentials-list.component';
import { ADMIN_PAGE_TRANSLATIONS } from './i18n';
import { settleFixture } from '../../../pwa/src/app/kit/testing';

const sent = (patientId: string, fullName: string, activated: boolean): PatientCredentials => ({
  patientId, fullName, phone: '+79135551234', importId: '22222222-2222-4222-8222-222222222222', activated, issued: 1,
  sms: { messageId: `m-${patientId}`, state: 'sent', attempts: 1, provider: 'outbox', queuedAt: '2026-11-26T09:00:00.000Z', sentAt: '2026-11-26T09:00:02.000Z' },
});

describe('CredentialsListComponent', () => {
  let api: jasmine.SpyObj<AdminApi>;
  let fixture: ComponentFixture<CredentialsListComponent>;

  beforeEach(async () => {
    localStorage.removeItem('oblako.language');
    api = jasmine.createSpyObj<AdminApi>('AdminApi', ['credentials', 'resendCredentials']);
    api.credentials.and.callFake(async (query = {}) => (query.cursor === 'after-p-2'
      ? { items: [sent('p-3', 'Морозова Елена', false)], total: 3 }
      : { items: [sent('p-1', 'Соколова Анна Игоревна', false), sent('p-2', 'Лебедев Олег', true)], total: 3, nextCursor: 'after-p-2' }));
    TestBed.configureTestingModule({
      imports: [CredentialsListComponent],
      providers: [
        provideZonelessChangeDetection(), provideMockStore(), provideEnvironmentInitializer(registerSvgIcons), ADMIN_ICONS,
        provideModuleTranslations(ADMIN_PAGE_TRANSLATIONS), { provide: AdminApi, useValue: api },
      ],
    });
    fixture = TestBed.createComponent(CredentialsListComponent);
    fixture.componentRef.setInput('importId', '22222222-2222-4222-8222-222222222222');
    await settle();
  });

  afterEach(() => {
    fixture.destroy();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => (element.innerHTML = ''));
  });

  async function settle(ms = 20): Promise<void> {
    await settleFixture(fixture, 3, ms);
  }

  const rows = () => [...(fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid="credentials-row"]')] as HTMLElement[];

  it('lists the import’s patients with the state of their SMS', () => {
    expect(api.credentials).toHaveBeenCalledWith({ importId: '22222222-2222-4222-8222-222222222222', search: undefined, limit: 50 });
    expect(rows().length).toBe(2);
    expect(rows()[0]!.textContent).toContain('Соколова Анна Игоревна');
    expect(rows()[0]!.textContent).toContain('+7 913 555-12-34');
    expect(rows()[0]!.querySelector('[data-testid="sms-state"]')!.textContent).toContain('Отправлено');
    expect(rows()[0]!.textContent).toContain('Ещё не входил');
    // A patient with their own password restores it by SMS themselves.
    expect(rows()[1]!.textContent).toContain('Вошёл и сменил пароль');
    expect((rows()[1]!.querySelector('[data-testid="resend"]') as HTMLButtonElement).disabled).toBeTrue();
  });

  it('adds the next page from the server with «Показать ещё» and says how many are shown', async () => {
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="credentials-count"]')!.textContent).toContain('Показано: 2 из 3');
    (element.querySelector('[data-testid="credentials-more"]') as HTMLButtonElement).click();
    await settle();
    expect(api.credentials).toHaveBeenCalledWith(jasmine.objectContaining({ cursor: 'after-p-2', limit: 50 }));
    expect(rows().map((row) => row.querySelector('.name')!.textContent!.trim())).toEqual(['Соколова Анна Игоревна', 'Лебедев Олег', 'Морозова Елена']);
    expect(element.querySelector('[data-testid="credentials-count"]')!.textContent).toContain('Показано: 3 из 3');
    expect(element.querySelector('[data-testid="credentials-more"]')).toBeNull();
  });

  it('sends a new password only after the manager confirms', async () => {
    (rows()[0]!.querySelector('[data-testid="resend"]') as HTMLButtonElement).click();
    await settle();
    const dialog = document.querySelector('mat-dialog-container')!;
    expect(dialog.textContent).toContain('Отправить новый пароль: Соколова Анна Игоревна?');
    expect(dialog.textContent).toContain('прежний перестанет действовать');
    api.resendCredentials.and.resolveTo({ ...sent('p-1', 'Соколова Анна Игоревна', false), issued: 2, sms: { ...sent('p-1', '', false).sms!, state: 'queued', attempts: 0 } });
    (dialog.querySelector('[data-testid="confirm"]') as HTMLButtonElement).click();
    await settle(150);
    expect(api.resendCredentials).toHaveBeenCalledOnceWith('p-1');
    expect(rows()[0]!.textContent).toContain('паролей выдано: 2');
    expect(rows()[0]!.querySelector('[data-testid="sms-state"]')!.textContent).toContain('В очереди');
    expect(document.querySelector('.mat-mdc-snack-bar-label')?.textContent?.trim()).toBe('Новый пароль поставлен в очередь SMS');
  });

  it('a cancelled confirmation sends nothing', async () => {
    (rows()[0]!.querySelector('[data-testid="resend"]') as HTMLButtonElement).click();
    await settle();
    const cancel = [...document.querySelectorAll('mat-dialog-container button')].find((b) => b.textContent!.trim() === 'Отмена') as HTMLButtonElement;
    cancel.click();
    await settle(150);
    expect(api.resendCredentials).not.toHaveBeenCalled();
  });
});
