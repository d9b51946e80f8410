import { Component, provideZonelessChangeDetection, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { LightStrings } from '../start/light-strings';
import { SignInFormComponent, type SignInCredentials, type SignInLink, type SignInProblem } from './sign-in-form.component';
import { SIGN_IN_STRINGS } from './sign-in-strings';

@Component({
  imports: [SignInFormComponent],
  template: `<ob-sign-in-form [busy]="busy()" [problem]="problem()" [links]="links()" (submitted)="sent.push($event)" (linkChosen)="opened.push($event)" />`,
})
class Host {
  readonly busy = signal(false);
  readonly problem = signal<SignInProblem | null>(null);
  readonly links = signal<readonly SignInLink[]>([]);
  readonly sent: SignInCredentials[] = [];
  readonly opened: string[] = [];
}

describe('the sign-in form (light start application and full app alike)', () => {
  let fixture: ComponentFixture<Host>;
  let page: HTMLElement;

  beforeEach(async () => {
    localStorage.removeItem('oblako.language');
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), LightStrings, { provide: SIGN_IN_STRINGS, useExisting: LightStrings }],
    });
    fixture = TestBed.createComponent(Host);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => {
    localStorage.removeItem('oblako.language');
    document.documentElement.lang = 'ru';
  });

  const input = (id: string) => page.querySelector<HTMLInputElement>(`#${id}`)!;
  async function type(id: string, value: string): Promise<void> {
    input(id).value = value;
    input(id).dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }
  async function send(): Promise<void> {
    page.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await fixture.whenStable();
  }

  it('labels its fields in Russian and sends nothing while one is empty, naming what is missing', async () => {
    expect(page.querySelector('label[for="sign-in-phone"]')!.textContent!.trim()).toBe('Номер телефона');
    expect(page.querySelector('label[for="sign-in-password"]')!.textContent!.trim()).toBe('Пароль');
    await send();
    expect(fixture.componentInstance.sent).toEqual([]);
    expect(input('sign-in-phone').getAttribute('aria-invalid')).toBe('true');
    expect(page.querySelector('#sign-in-phone-note')!.textContent).toContain('Введите номер телефона');
    expect(page.querySelector('#sign-in-password-note')!.textContent).toContain('Введите пароль.');
  });

  it('sends the phone as typed (trimmed: the server normalises it) with the password', async () => {
    await type('sign-in-phone', '  8 900 000-00-01 ');
    await type('sign-in-password', 'oblako-demo');
    await send();
    expect(fixture.componentInstance.sent).toEqual([{ phone: '8 900 000-00-01', password: 'oblako-demo' }]);
  });

  it('shows the server answer about the phone under the phone field, any other in an alert', async () => {
    fixture.componentInstance.problem.set({ text: 'Введите номер телефона, например +7 900 123-45-67.', field: 'phone' });
    await fixture.whenStable();
    expect(page.querySelector('#sign-in-phone-note')!.textContent).toContain('например +7 900 123-45-67');
    expect(page.querySelector('[role="alert"]')).toBeNull();
    fixture.componentInstance.problem.set({ text: 'Неверный номер телефона или пароль.' });
    await fixture.whenStable();
    expect(page.querySelector('[role="alert"]')!.textContent!.trim()).toBe('Неверный номер телефона или пароль.');
  });

  it('cannot be edited or sent again while the request is on its way', async () => {
    await type('sign-in-phone', '+79000000001');
    await type('sign-in-password', 'oblako-demo');
    fixture.componentInstance.busy.set(true);
    await fixture.whenStable();
    expect(input('sign-in-phone').disabled).toBeTrue();
    expect(page.querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled).toBeTrue();
    expect(page.querySelector('[role="progressbar"]')).not.toBeNull();
  });

  it('shows and hides the password with a named toggle', async () => {
    const toggle = page.querySelector<HTMLButtonElement>('.reveal')!;
    expect(toggle.getAttribute('aria-label')).toBe('Показать пароль');
    expect(input('sign-in-password').type).toBe('password');
    toggle.click();
    await fixture.whenStable();
    expect(input('sign-in-password').type).toBe('text');
    expect(toggle.getAttribute('aria-label')).toBe('Скрыть пароль');
  });

  it('opens a module link in the app on a plain click', async () => {
    fixture.componentInstance.links.set([{ path: '/register/restore', labelKey: 'signIn.title' }]);
    await fixture.whenStable();
    const link = page.querySelector<HTMLAnchorElement>('[data-testid="sign-in-links"] a')!;
    expect(link.getAttribute('href')).toBe('/register/restore');
    link.click();
    expect(fixture.componentInstance.opened).toEqual(['/register/restore']);
  });

  it('switches to English from its language menu and remembers the choice for the full app', async () => {
    const trigger = page.querySelector<HTMLButtonElement>('ob-language-menu .trigger')!;
    expect(trigger.getAttribute('aria-label')).toContain('Язык');
    trigger.click();
    await fixture.whenStable();
    const english = [...page.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')].find((item) => item.textContent!.trim() === 'English')!;
    english.click();
    await fixture.whenStable();
    expect(page.querySelector('label[for="sign-in-phone"]')!.textContent!.trim()).toBe('Phone number');
    expect(page.querySelector('[role="menu"]')).toBeNull();
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('oblako.language')).toBe('en');
  });
});
