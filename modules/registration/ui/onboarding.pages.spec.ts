import { MockStore } from '@ngrx/store/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { CONSENT_TEXT, CONSENT_VERSION, type ConsentStatus, type SessionUser } from '@oblako/domain';
import { OnboardingGate, SessionControl } from '@oblako/shell-kit';
import { ConsentPage } from './consent.page';
import { SetPasswordPage } from './set-password.page';
import { apiError, fakeRegistrationApi, registrationTestProviders, texts, typeInto, type FakeRegistrationApi } from './testing';

const referred: SessionUser = { id: 'patient-000009', role: 'patient', phone: '+79135551234', name: 'Соколова Анна Игоревна', mustChangePassword: true };
const session = (user: SessionUser) => ({ accessToken: 't', accessTokenExpiresAt: new Date(Date.now() + 60_000).toISOString(), user });
const status = (accepted: boolean): ConsentStatus => ({ version: CONSENT_VERSION, text: CONSENT_TEXT, accepted, ...(accepted ? { acceptedAt: '2026-11-26T09:00:00.000Z' } : {}) });

describe('First sign-in pages', () => {
  // Overridden selectors are global: leave them as they were for the next specs.
  afterEach(() => TestBed.inject(MockStore).resetSelectors());

  let api: FakeRegistrationApi;

  function setUp(user: SessionUser): void {
    api = fakeRegistrationApi();
    TestBed.configureTestingModule({ providers: registrationTestProviders(api, user) });
  }

  describe('SetPasswordPage', () => {
    it('after a one-time password: only the new password, then home (through the gate)', async () => {
      setUp(referred);
      const fixture = TestBed.createComponent(SetPasswordPage);
      await fixture.whenStable();
      const root = fixture.nativeElement as HTMLElement;
      expect(root.querySelector('h1')!.textContent).toContain('Задайте свой пароль');
      expect(root.querySelector('[formcontrolname="current"]')).toBeNull();
      const navigate = spyOn(TestBed.inject(Router), 'navigateByUrl').and.resolveTo(true);
      api.changePassword.and.resolveTo(session({ ...referred, mustChangePassword: false }));

      typeInto(root.querySelector('[formcontrolname="password"]') as HTMLInputElement, 'my-own-secret');
      typeInto(root.querySelector('[formcontrolname="repeat"]') as HTMLInputElement, 'my-own-secret');
      (root.querySelector('button[type="submit"]') as HTMLButtonElement).click();
      await fixture.whenStable();
      await fixture.whenStable();

      expect(api.changePassword).toHaveBeenCalledOnceWith({ newPassword: 'my-own-secret' });
      expect(TestBed.inject(SessionControl).renewed).toHaveBeenCalledTimes(1);
      expect(navigate).toHaveBeenCalledWith('/');
    });

    it('a password equal to the one-time one is refused with the server’s words', async () => {
      setUp(referred);
      const fixture = TestBed.createComponent(SetPasswordPage);
      await fixture.whenStable();
      const root = fixture.nativeElement as HTMLElement;
      api.changePassword.and.rejectWith(apiError(400, 'password_unchanged', 'Новый пароль должен отличаться от временного.'));
      typeInto(root.querySelector('[formcontrolname="password"]') as HTMLInputElement, 'same-as-before');
      typeInto(root.querySelector('[formcontrolname="repeat"]') as HTMLInputElement, 'same-as-before');
      (root.querySelector('button[type="submit"]') as HTMLButtonElement).click();
      await fixture.whenStable();
      await fixture.whenStable();
      expect(texts(root, '.error')).toEqual(['Новый пароль должен отличаться от временного.']);
    });

    it('later, a plain password change asks for the current password', async () => {
      setUp({ ...referred, mustChangePassword: false });
      const fixture = TestBed.createComponent(SetPasswordPage);
      await fixture.whenStable();
      const root = fixture.nativeElement as HTMLElement;
      expect(root.querySelector('h1')!.textContent).toContain('Смена пароля');
      (root.querySelector('button[type="submit"]') as HTMLButtonElement).click();
      await fixture.whenStable();
      expect(texts(root, 'mat-error')).toEqual(['Введите пароль.', 'Введите пароль.', 'Введите пароль.']);
      expect(api.changePassword).not.toHaveBeenCalled();
    });
  });

  describe('ConsentPage', () => {
    it('shows the server’s text and version; the button works only after the checkbox', async () => {
      setUp({ ...referred, mustChangePassword: false });
      api.consent.and.resolveTo(status(false));
      api.acceptConsent.and.resolveTo(status(true));
      const consentGiven = spyOn(TestBed.inject(OnboardingGate), 'consentGiven');
      const navigate = spyOn(TestBed.inject(Router), 'navigateByUrl').and.resolveTo(true);
      const fixture = TestBed.createComponent(ConsentPage);
      await fixture.whenStable();
      await fixture.whenStable();
      const root = fixture.nativeElement as HTMLElement;
      const text = root.querySelector('[data-testid="consent-text"]')!.textContent!;
      expect(text).toContain('Редакция от 1 ноября 2026 г.');
      expect(text).toContain(CONSENT_TEXT.ru[0]);
      const accept = [...root.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Даю согласие')!;
      expect(accept.disabled).toBeTrue();

      (root.querySelector('[data-testid="consent-checkbox"] input') as HTMLInputElement).click();
      await fixture.whenStable();
      expect(accept.disabled).toBeFalse();
      accept.click();
      await fixture.whenStable();
      await fixture.whenStable();

      expect(api.acceptConsent).toHaveBeenCalledOnceWith({ version: CONSENT_VERSION });
      expect(consentGiven).toHaveBeenCalledOnceWith(referred.id, CONSENT_VERSION);
      expect(navigate).toHaveBeenCalledWith('/');
    });

    it('without the network it says so and offers to try again', async () => {
      setUp({ ...referred, mustChangePassword: false });
      api.consent.and.rejectWith(apiError(0, 'network', 'Сервер недоступен.'));
      const fixture = TestBed.createComponent(ConsentPage);
      await fixture.whenStable();
      await fixture.whenStable();
      const root = fixture.nativeElement as HTMLElement;
      expect(texts(root, '.error')).toEqual(['Нет связи с сервером. Чтобы дать согласие, нужно подключение к интернету.']);
      api.consent.and.resolveTo(status(true));
      [...root.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Повторить')!.click();
      await fixture.whenStable();
      await fixture.whenStable();
      expect(root.querySelector('[data-testid="consent-accepted"]')!.textContent).toContain('Согласие дано 26 ноября 2026 г.');
    });
  });
});
