import { MockStore } from '@ngrx/store/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { Router } from '@angular/router';
import { SessionControl } from '@oblako/shell-kit';
import { RegisterPage } from './register.page';
import { apiError, fakeRegistrationApi, registrationTestProviders, texts, typeInto, verificationFor, type FakeRegistrationApi } from './testing';
import { VerifiedPhone } from './verified-phone';

describe('RegisterPage', () => {
  // Overridden selectors are global: leave them as they were for the next specs.
  afterEach(() => TestBed.inject(MockStore).resetSelectors());

  let api: FakeRegistrationApi;
  let fixture: ComponentFixture<RegisterPage>;

  beforeEach(async () => {
    api = fakeRegistrationApi();
    TestBed.configureTestingModule({ imports: [RegisterPage], providers: registrationTestProviders(api) });
    fixture = TestBed.createComponent(RegisterPage);
    await fixture.whenStable();
  });

  afterEach(() => fixture.destroy());

  const root = () => fixture.nativeElement as HTMLElement;
  const input = (name: string) => root().querySelector(`[formcontrolname="${name}"]`) as HTMLInputElement;
  const errors = () => texts(root(), 'mat-error');

  async function verified(registered: boolean): Promise<void> {
    fixture.componentInstance.onVerified(verificationFor('+79001234567', registered));
    await fixture.whenStable();
  }

  async function submit(): Promise<void> {
    (root().querySelector('[data-testid="details-step"] button[type="submit"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    await fixture.whenStable();
  }

  it('starts with the phone step and the steps ahead', () => {
    expect(root().querySelector('[data-testid="phone-step"]')).not.toBeNull();
    expect(texts(root(), 'ol li .label')).toEqual(['Телефон', 'О себе', 'Согласие']);
    expect(root().querySelector('li[aria-current="step"] .label')!.textContent).toBe('Телефон');
  });

  it('a registered number: «sign in or restore», with both ways', async () => {
    await verified(true);
    const panel = root().querySelector('[data-testid="already-registered"]') as HTMLElement;
    expect(panel.textContent).toContain('Этот номер уже зарегистрирован. Войдите или восстановите пароль.');
    expect(panel.textContent).toContain('+7 900 123-45-67');
    const signIn = [...panel.querySelectorAll('a')].find((a) => a.textContent!.trim() === 'Войти')!;
    expect(signIn.getAttribute('href')).toBe('/sign-in');
    const navigate = spyOn(TestBed.inject(Router), 'navigateByUrl').and.resolveTo(true);
    [...panel.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Восстановить пароль')!.click();
    expect(navigate).toHaveBeenCalledWith('/register/restore');
    // The restore page gets the proved phone: no second SMS.
    expect(TestBed.inject(VerifiedPhone).take()?.verificationToken).toBe('verified-token');
  });

  it('says what is wrong with each field and sends nothing', async () => {
    await verified(false);
    await submit();
    expect(errors()).toEqual(['Укажите фамилию, имя и отчество.', 'Укажите дату рождения.', 'Укажите регион.', 'Введите пароль.', 'Введите пароль.']);
    typeInto(input('birthDate'), '01.01.2999');
    typeInto(input('fullName'), '1');
    typeInto(input('password'), 'short');
    typeInto(input('repeat'), 'shorter');
    await fixture.whenStable();
    expect(errors()).toContain('Дата рождения не может быть в будущем.');
    expect(errors()).toContain('Укажите фамилию, имя и отчество.');
    expect(errors()).toContain('Пароль должен быть не короче 8 символов.');
    expect(errors()).toContain('Пароли не совпадают');
    expect(api.complete).not.toHaveBeenCalled();
  });

  it('takes a birth date typed дд.мм.гггг, marks the required fields and names a date that is no date', async () => {
    await verified(false);
    const required = [...root().querySelectorAll('mat-form-field')].filter((field) => field.querySelector('.mat-mdc-form-field-required-marker'));
    expect(required.map((field) => field.querySelector('mat-label')!.textContent!.trim())).toEqual([
      'Фамилия, имя, отчество', 'Дата рождения', 'Регион', 'Часовой пояс', 'Пароль', 'Повторите пароль',
    ]);
    typeInto(input('birthDate'), '31.02.1985');
    await submit();
    expect(errors()).toContain('Введите дату в виде дд.мм.гггг, например 05.12.1980.');
    typeInto(input('birthDate'), '05.12.1980');
    expect(fixture.componentInstance.form.controls.birthDate.value).toBe('1980-12-05');
    input('birthDate').dispatchEvent(new Event('blur'));
    await fixture.whenStable();
    expect(input('birthDate').value).toBe('05.12.1980');
  });

  it('registers with tidy values and hands the session to the shell', async () => {
    await verified(false);
    api.complete.and.resolveTo({ accessToken: 't', accessTokenExpiresAt: new Date(Date.now() + 60_000).toISOString(), user: { id: 'u1', role: 'patient', phone: '+79001234567', name: 'Соколова Анна Игоревна' } });
    typeInto(input('fullName'), '  Соколова   Анна Игоревна ');
    typeInto(input('birthDate'), '12.04.1985');
    typeInto(input('region'), ' Томская область ');
    fixture.componentInstance.form.controls.timeZone.setValue('Asia/Krasnoyarsk');
    typeInto(input('password'), 'long-enough-1');
    typeInto(input('repeat'), 'long-enough-1');
    await submit();
    expect(errors()).toEqual([]);
    expect(api.complete).toHaveBeenCalledOnceWith({
      verificationToken: 'verified-token', fullName: 'Соколова Анна Игоревна', birthDate: '1985-04-12',
      region: 'Томская область', timeZone: 'Asia/Krasnoyarsk', password: 'long-enough-1',
    });
    expect(TestBed.inject(SessionControl).started).toHaveBeenCalledTimes(1);
  });

  it('a number taken meanwhile shows «already registered»; an expired verification goes back to the phone', async () => {
    await verified(false);
    fixture.componentInstance.form.setValue({
      fullName: 'Соколова Анна', birthDate: '1985-04-12', region: 'Томская область', timeZone: 'Europe/Moscow',
      password: { password: 'long-enough-1', repeat: 'long-enough-1' },
    });
    api.complete.and.rejectWith(apiError(409, 'phone_taken', 'Этот номер уже зарегистрирован.'));
    await submit();
    expect(root().querySelector('[data-testid="already-registered"]')).not.toBeNull();

    await verified(false);
    api.complete.and.rejectWith(apiError(401, 'verification_expired', 'Подтверждение номера устарело. Запросите код ещё раз.'));
    await submit();
    expect(root().querySelector('[data-testid="phone-step"]')).not.toBeNull();
    expect(texts(root(), '.error')).toEqual(['Подтверждение номера устарело. Запросите код ещё раз.']);
  });
});
