import { MockStore } from '@ngrx/store/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { ApiCallError } from '@oblako/shell-kit';
import type { PhoneVerification } from '../api';
import { PhoneVerificationComponent } from './phone-verification.component';
import { apiError, challengeFor, fakeRegistrationApi, registrationTestProviders, texts, typeInto, verificationFor, type FakeRegistrationApi } from './testing';

describe('PhoneVerificationComponent', () => {
  // Overridden selectors are global: leave them as they were for the next specs.
  afterEach(() => TestBed.inject(MockStore).resetSelectors());

  let api: FakeRegistrationApi;
  let fixture: ComponentFixture<PhoneVerificationComponent>;
  let verified: PhoneVerification[];
  const start = new Date('2026-11-26T09:00:00Z');

  beforeEach(() => {
    jasmine.clock().install();
    jasmine.clock().mockDate(start);
    api = fakeRegistrationApi();
    TestBed.configureTestingModule({ imports: [PhoneVerificationComponent], providers: registrationTestProviders(api) });
    fixture = TestBed.createComponent(PhoneVerificationComponent);
    fixture.componentRef.setInput('purpose', 'register');
    verified = [];
    fixture.componentInstance.verified.subscribe((v) => verified.push(v));
    fixture.detectChanges();
  });

  afterEach(() => {
    fixture.destroy();
    jasmine.clock().uninstall();
  });

  const root = () => fixture.nativeElement as HTMLElement;
  const input = (name: string) => root().querySelector(`[formcontrolname="${name}"]`) as HTMLInputElement;
  const button = (text: string) => [...root().querySelectorAll('button')].find((b) => b.textContent!.trim() === text) as HTMLButtonElement | undefined;

  /** Lets the fake API's promises settle, then renders. */
  async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await Promise.resolve();
    fixture.detectChanges();
  }

  async function requestCodeFor(phone: string): Promise<void> {
    typeInto(input('phone'), phone);
    button('Получить код')!.click();
    await settle();
  }

  it('refuses a phone with letters before asking the server', async () => {
    await requestCodeFor('8913abc');
    expect(texts(root(), 'mat-error')).toEqual(['Введите номер телефона, например +7 900 123-45-67.']);
    expect(api.requestCode).not.toHaveBeenCalled();
  });

  it('sends the code to the normalised phone, then counts down to «send again»', async () => {
    await requestCodeFor('8 (900) 123-45-67');
    expect(api.requestCode).toHaveBeenCalledOnceWith('+79001234567', 'register');
    expect(root().textContent).toContain('Код отправлен на номер +7\u00a0900\u00a0123\u201145\u201167');
    const expiry = new Intl.DateTimeFormat('ru-RU', { hour: '2-digit', minute: '2-digit' }).format(new Date(start.getTime() + 300_000));
    expect(root().textContent).toContain(`Код действует до ${expiry}`);
    expect(texts(root(), '[data-testid="resend"]')).toEqual(['Новый код можно запросить через 1:00']);
    jasmine.clock().tick(1000);
    fixture.detectChanges();
    expect(texts(root(), '[data-testid="resend"]')).toEqual(['Новый код можно запросить через 0:59']);
    jasmine.clock().tick(59_000);
    fixture.detectChanges();
    expect(button('Отправить код ещё раз')).toBeDefined();

    api.requestCode.and.callFake(async (phone: string) => ({ ...challengeFor(phone), challengeId: 'challenge-2' }));
    button('Отправить код ещё раз')!.click();
    await settle();
    expect(api.requestCode).toHaveBeenCalledTimes(2);
    expect(texts(root(), '[data-testid="resend"]')).toEqual(['Новый код можно запросить через 1:00']);
  });

  it('the code field is made for phones: digits keyboard, SMS code autofill, six digits', async () => {
    await requestCodeFor('+79001234567');
    const code = input('code');
    expect(code.getAttribute('inputmode')).toBe('numeric');
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(code.getAttribute('maxlength')).toBe('6');
  });

  it('a wrong code says how many tries are left; six digits are checked at once', async () => {
    await requestCodeFor('+79001234567');
    api.verifyCode.and.rejectWith(apiError(400, 'code_invalid', 'Неверный код.'));
    typeInto(input('code'), '111111');
    await settle();
    expect(api.verifyCode).toHaveBeenCalledOnceWith('challenge-1', '111111');
    expect(texts(root(), '[data-testid="verification-error"]')).toEqual(['Неверный код.']);
    expect(texts(root(), '[data-testid="code-facts"]')).toEqual(['Осталось попыток: 4']);
    expect(input('code').value).toBe('');

    api.verifyCode.and.resolveTo(verificationFor('+79001234567', false));
    typeInto(input('code'), '12 34 56');
    await settle();
    expect(api.verifyCode).toHaveBeenCalledWith('challenge-1', '123456');
    expect(verified.map((v) => v.verificationToken)).toEqual(['verified-token']);
  });

  it('after the last wrong try only a new code helps', async () => {
    await requestCodeFor('+79001234567');
    api.verifyCode.and.rejectWith(apiError(429, 'code_attempts_exhausted', 'Слишком много неверных попыток. Запросите новый код.'));
    typeInto(input('code'), '999999');
    await settle();
    expect(texts(root(), '[data-testid="verification-error"]')).toEqual(['Слишком много неверных попыток. Запросите новый код.']);
    expect(input('code').disabled).toBeTrue();
    expect(button('Подтвердить')!.disabled).toBeTrue();
  });

  it('an expired code cannot be entered', async () => {
    await requestCodeFor('+79001234567');
    jasmine.clock().tick(300_000);
    fixture.detectChanges();
    expect(texts(root(), '[data-testid="code-facts"]')).toEqual(['Срок действия кода истёк. Запросите новый код.']);
    expect(input('code').disabled).toBeTrue();
    expect(button('Отправить код ещё раз')).toBeDefined();
  });

  it('«too soon» from the server moves the countdown', async () => {
    await requestCodeFor('+79001234567');
    jasmine.clock().tick(60_000);
    fixture.detectChanges();
    api.requestCode.and.rejectWith(new ApiCallError(429, 'code_resend_too_soon', 'Новый код можно запросить чуть позже.', undefined, 30));
    button('Отправить код ещё раз')!.click();
    await settle();
    expect(texts(root(), '[data-testid="resend"]')).toEqual(['Новый код можно запросить через 0:30']);
  });
});
