import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { AUTH_API, CONSENT_API, CONSENT_TEXT, CONSENT_VERSION, type ConsentStatus, type SessionUser } from '@oblako/domain';
import { ApiCallError, ApiClient, SessionControl, TranslationService } from '@oblako/shell-kit';
import { signedInTestProviders, until } from '../../../pwa/src/app/kit/testing';
import { HOME_API, type SupportContacts } from '../api';
import { AccountPage } from './account.page';
import { DEVICE_TIME_ZONE } from './environment';

const patient: SessionUser = { id: 'patient-account-1', role: 'patient', phone: '+79140000001', name: 'Иванова Мария Петровна' };
const consent: ConsentStatus = { version: CONSENT_VERSION, text: CONSENT_TEXT, accepted: true, acceptedAt: '2026-12-01T02:00:00.000Z' };

/**
 * «Аккаунт и безопасность» with the server's answers stubbed at the ApiClient (the server side of
 * these calls is tested for real in sync-server/test/consent.test.ts and home-support.test.ts).
 */
describe('AccountPage («Аккаунт и безопасность»)', () => {
  let api: { get: jasmine.Spy; post: jasmine.Spy };
  let session: { signOut: jasmine.Spy };

  function setUp(online: boolean, support: SupportContacts = { phone: '+78001234567', email: 'help@oblako.example.ru' }): HTMLElement {
    api = {
      get: jasmine.createSpy('get').and.callFake(async (url: string) => (url === CONSENT_API.current ? consent : url === HOME_API.support ? support : null)),
      post: jasmine.createSpy('post').and.resolveTo(undefined),
    };
    session = { signOut: jasmine.createSpy('signOut') };
    TestBed.configureTestingModule({
      providers: [
        ...signedInTestProviders(patient, online, { router: true }),
        provideZonelessChangeDetection(),
        { provide: ApiClient, useValue: api },
        { provide: SessionControl, useValue: session },
        { provide: DEVICE_TIME_ZONE, useValue: 'Asia/Vladivostok' },
      ],
    });
    TestBed.inject(TranslationService).use('ru');
    const fixture = TestBed.createComponent(AccountPage);
    fixture.autoDetectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  afterEach(() => document.querySelectorAll('.cdk-overlay-container').forEach((el) => (el.innerHTML = '')));

  const confirmDialog = () => document.querySelector('mat-dialog-container');
  /** A button of the open dialog, once the dialog has rendered (its title shows). */
  async function dialogButton(testId: 'confirm' | 'confirm-cancel'): Promise<HTMLButtonElement> {
    await until(() => !!document.querySelector('mat-dialog-container h2')?.textContent?.trim() && document.querySelector(`mat-dialog-container [data-testid="${testId}"]`) !== null, testId);
    return document.querySelector(`mat-dialog-container [data-testid="${testId}"]`) as HTMLButtonElement;
  }

  it('shows the password change, the consent given (date in the zone, named), the view log, support contacts and sign-out everywhere', async () => {
    const page = setUp(true);
    await until(() => page.querySelector('[data-testid="consent-state"]') !== null, 'consent state');
    expect(page.querySelector('h1')?.textContent).toBe('Аккаунт и безопасность');
    expect(page.querySelector('[data-testid="account-change-password"]')?.getAttribute('href')).toBe('/onboarding/password');
    expect(page.querySelector('[data-testid="consent-state"]')?.textContent).toContain('Дано 1 декабря 2026, 12:00 (Владивосток, UTC+10)');
    expect(page.querySelector('[data-testid="account-views-link"]')?.getAttribute('href')).toBe('/documents/views');
    await until(() => page.querySelector('[data-testid="support-phone"]') !== null, 'support');
    expect(page.querySelector('[data-testid="support-phone"]')?.getAttribute('href')).toBe('tel:+78001234567');
    expect(page.querySelector('[data-testid="support-phone"]')?.textContent).toContain('+7 800 123-45-67');
    expect(page.querySelector('[data-testid="support-email"]')?.getAttribute('href')).toBe('mailto:help@oblako.example.ru');
  });

  it('withdrawal says what it means, asks, and only then withdraws and signs out', async () => {
    const page = setUp(true);
    await until(() => page.querySelector('[data-testid="consent-withdraw"]') !== null, 'withdraw button');
    (page.querySelector('[data-testid="consent-withdraw"]') as HTMLButtonElement).click();
    await dialogButton('confirm-cancel');
    const effects = confirmDialog()!.querySelector('[data-testid="confirm-effects"]')!.textContent!;
    expect(effects).toContain('загружать документы и записываться будет нельзя');
    expect(effects).toContain('Консультации, которые ещё не состоялись');
    expect(effects).toContain('будут отменены');
    expect(effects).toContain('Вы выйдете из приложения на всех устройствах');
    expect(effects).toContain('323-ФЗ');

    // Changing one's mind: nothing is sent.
    (await dialogButton('confirm-cancel')).click();
    await until(() => confirmDialog() === null, 'dialog closed');
    expect(api.post).not.toHaveBeenCalled();

    (page.querySelector('[data-testid="consent-withdraw"]') as HTMLButtonElement).click();
    (await dialogButton('confirm')).click();
    await until(() => session.signOut.calls.count() === 1, 'signed out');
    expect(api.post).toHaveBeenCalledOnceWith(CONSENT_API.withdrawal, { version: CONSENT_VERSION });
  });

  it('sign out everywhere: confirmed, sent, signed out here; a refusal is shown in the server\'s words', async () => {
    const page = setUp(true);
    api.post.and.rejectWith(new ApiCallError(0, 'network', 'Нет связи с сервером. Проверьте интернет.'));
    (page.querySelector('[data-testid="sign-out-everywhere"]') as HTMLButtonElement).click();
    (await dialogButton('confirm')).click();
    await until(() => page.querySelector('[data-testid="account-error"]') !== null, 'error');
    expect(page.querySelector('[data-testid="account-error"]')?.textContent).toContain('Нет связи с сервером');
    expect(session.signOut).not.toHaveBeenCalled();

    api.post.and.resolveTo(undefined);
    await until(() => confirmDialog() === null, 'first dialog closed');
    (page.querySelector('[data-testid="sign-out-everywhere"]') as HTMLButtonElement).click();
    (await dialogButton('confirm')).click();
    await until(() => session.signOut.calls.count() === 1, 'signed out');
    expect(api.post).toHaveBeenCalledWith(AUTH_API.signOutEverywhere, {});
  });

  it('offline: the account actions are disabled and say they need the network; support without contacts says whom to ask', async () => {
    const page = setUp(false, {});
    await until(() => page.querySelector('[data-testid="support-none"]') !== null, 'support');
    expect((page.querySelector('[data-testid="sign-out-everywhere"]') as HTMLButtonElement).disabled).toBeTrue();
    expect(page.textContent).toContain('Нужна связь с интернетом.');
  });
});
