import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { LanguageMenuComponent } from './language-menu.component';
import { SIGN_IN_STRINGS } from './sign-in-strings';

/** What went wrong, in words for the person; `phone` puts it under the phone field. */
export interface SignInProblem {
  readonly text: string;
  readonly field?: 'phone';
}

/** A page reachable from the sign-in page (registration, password restore), from a module. */
export interface SignInLink {
  readonly path: string;
  readonly labelKey: string;
}

export interface SignInCredentials {
  readonly phone: string;
  readonly password: string;
}

/**
 * The sign-in page: brand, phone and password, errors, the modules' links. Drawn with plain
 * HTML and the app's Material theme tokens (no @angular/forms, no Material components): it is
 * what a person without a session waits for, so it is kept to Angular's core
 * (bench/README.md, bench:lighthouse, session 7). The phone number is checked by the server with
 * the domain's rule (`normalizePhone`): its metadata (~190 kB) is not loaded to check it here.
 * The host decides what a submit does (the light start application or the full app's store).
 */
@Component({
  selector: 'ob-sign-in-form',
  imports: [LanguageMenuComponent],
  template: `
    <main class="page">
      <div class="top"><ob-language-menu /></div>
      <div class="brand">
        <img src="icons/icon-192.png" alt="" width="72" height="72" />
        <h1>{{ strings.t('app.name') }}</h1>
        <p>{{ strings.t('signIn.subtitle') }}</p>
      </div>
      <section class="card" aria-labelledby="sign-in-title">
        @if (busy()) {
          <div class="progress" role="progressbar" aria-busy="true" [attr.aria-label]="strings.t('signIn.submit')"><span></span></div>
        }
        <h2 id="sign-in-title" class="title">{{ strings.t('signIn.title') }}</h2>
        <form (submit)="submit($event)" (focusin)="started.emit()" novalidate>
          <div class="field" [class.invalid]="!!phoneError()">
            <label for="sign-in-phone">{{ strings.t('signIn.phone') }}<span class="required" aria-hidden="true"></span></label>
            <input #phone id="sign-in-phone" name="phone" type="tel" inputmode="tel" autocomplete="username" required
              [disabled]="busy()" [attr.aria-invalid]="!!phoneError()" aria-describedby="sign-in-phone-note"
              (input)="phoneTouched.set(false); phoneValue.set(phone.value)" (blur)="phoneTouched.set(true)" />
            <p id="sign-in-phone-note" class="note" [class.error-text]="!!phoneError()">{{ phoneError() ?? strings.t('signIn.phoneHint') }}</p>
          </div>
          <div class="field" [class.invalid]="!!passwordError()">
            <label for="sign-in-password">{{ strings.t('signIn.password') }}<span class="required" aria-hidden="true"></span></label>
            <input #password id="sign-in-password" name="password" [type]="showPassword() ? 'text' : 'password'" autocomplete="current-password" required
              [disabled]="busy()" [attr.aria-invalid]="!!passwordError()" [attr.aria-describedby]="passwordError() ? 'sign-in-password-note' : null"
              (input)="passwordTouched.set(false); passwordValue.set(password.value)" (blur)="passwordTouched.set(true)" />
            <button type="button" class="reveal" (click)="showPassword.set(!showPassword())"
              [attr.aria-label]="strings.t(showPassword() ? 'signIn.hidePassword' : 'signIn.showPassword')" [attr.aria-pressed]="showPassword()">
              <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path [attr.d]="showPassword() ? icons.hidden : icons.shown" /></svg>
            </button>
            @if (passwordError(); as message) {
              <p id="sign-in-password-note" class="note error-text">{{ message }}</p>
            }
          </div>
          @if (generalError(); as message) {
            <p class="error" role="alert" data-testid="sign-in-error">{{ message }}</p>
          }
          <button type="submit" class="submit" [disabled]="busy()">{{ strings.t('signIn.submit') }}</button>
        </form>
        @if (links().length > 0) {
          <nav class="links" data-testid="sign-in-links">
            @for (link of links(); track link.path) {
              <a [href]="link.path" (click)="follow($event, link.path)">{{ strings.t(link.labelKey) }}</a>
            }
          </nav>
        }
      </section>
    </main>
  `,
  styles: `
    .page { min-height: 100dvh; display: flex; flex-direction: column; align-items: center; padding: 16px; gap: 16px; box-sizing: border-box; background: var(--mat-sys-surface-container-low); }
    .top { align-self: flex-end; }
    .brand { text-align: center; }
    .brand img { border-radius: 16px; }
    .brand h1 { margin: 8px 0 4px; font: var(--mat-sys-headline-medium); }
    .brand p { margin: 0; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-large); }
    .card {
      position: relative; width: 100%; max-width: 420px; box-sizing: border-box; padding: 16px; overflow: hidden;
      border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; background: var(--mat-sys-surface);
    }
    .progress { position: absolute; inset: 0 0 auto; height: 4px; overflow: hidden; background: var(--mat-sys-primary-container); }
    .progress span { position: absolute; inset: 0 auto 0 0; width: 40%; background: var(--mat-sys-primary); animation: slide 1.2s ease-in-out infinite; }
    @keyframes slide { from { transform: translateX(-100%); } to { transform: translateX(250%); } }
    .title { font: var(--mat-sys-title-large); margin: 8px 0 16px; }
    form { display: flex; flex-direction: column; gap: 8px; }
    .field { position: relative; display: flex; flex-direction: column; padding-top: 8px; }
    /* Material's outlined field with its label resting on the outline (always raised: nothing moves as one types). */
    label {
      position: absolute; top: 0; left: 12px; padding: 0 4px; background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); pointer-events: none;
    }
    input {
      box-sizing: border-box; width: 100%; height: 56px; padding: 0 16px; border: 1px solid var(--mat-sys-outline); border-radius: 4px;
      background: transparent; color: var(--mat-sys-on-surface); font: var(--mat-sys-body-large);
    }
    input[name='password'] { padding-right: 56px; }
    input:hover { border-color: var(--mat-sys-on-surface); }
    input:focus { outline: none; border: 2px solid var(--mat-sys-primary); padding-left: 15px; }
    /* The asterisk as Material draws it: generated, so it is not part of the field's name. */
    .required::after { content: '*'; }
    .field:focus-within label { color: var(--mat-sys-primary); }
    .invalid input { border-color: var(--mat-sys-error); }
    .invalid label { color: var(--mat-sys-error); }
    input:disabled { color: color-mix(in srgb, var(--mat-sys-on-surface) 38%, transparent); border-color: color-mix(in srgb, var(--mat-sys-on-surface) 12%, transparent); }
    .reveal {
      position: absolute; right: 4px; top: 12px; width: 48px; height: 48px; display: grid; place-items: center;
      border: 0; border-radius: 50%; background: transparent; color: var(--mat-sys-on-surface-variant); cursor: pointer;
    }
    .reveal:hover { background: color-mix(in srgb, var(--mat-sys-on-surface) 8%, transparent); }
    .reveal svg { fill: currentColor; }
    .note { margin: 4px 16px 0; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
    .error-text { color: var(--mat-sys-error); }
    .error { margin: 0 0 8px; padding: 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); font: var(--mat-sys-body-medium); }
    .submit {
      height: 48px; margin-top: 8px; border: 0; border-radius: 24px; background: var(--mat-sys-primary); color: var(--mat-sys-on-primary);
      font: var(--mat-sys-label-large); cursor: pointer;
    }
    .submit:hover { box-shadow: 0 1px 2px rgb(0 0 0 / 30%); }
    .submit:disabled { background: color-mix(in srgb, var(--mat-sys-on-surface) 12%, transparent); color: color-mix(in srgb, var(--mat-sys-on-surface) 38%, transparent); cursor: default; box-shadow: none; }
    .submit:focus-visible, .reveal:focus-visible, .links a:focus-visible { outline: 2px solid var(--mat-sys-primary); outline-offset: 2px; }
    .links { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 8px; margin-top: 16px; }
    .links a {
      display: inline-flex; align-items: center; min-height: 48px; padding: 0 12px; border-radius: 20px;
      color: var(--mat-sys-primary); font: var(--mat-sys-label-large); text-decoration: none;
    }
    .links a:hover { background: color-mix(in srgb, var(--mat-sys-primary) 8%, transparent); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignInFormComponent {
  readonly strings = inject(SIGN_IN_STRINGS);

  /** The request is on its way: the form cannot be edited or sent again. */
  readonly busy = input(false);
  /** The server's answer or the network's failure; cleared by the host on the next attempt. */
  readonly problem = input<SignInProblem | null>(null);
  readonly links = input<readonly SignInLink[]>([]);

  readonly submitted = output<SignInCredentials>();
  /** The person started filling the form: the host may warm what comes after it. */
  readonly started = output<void>();
  /** A link was followed in this tab: the host opens its page. */
  readonly linkChosen = output<string>();

  readonly showPassword = signal(false);
  readonly phoneValue = signal('');
  readonly passwordValue = signal('');
  /** Errors of an empty field show once the person left it (or tried to send), not while typing. */
  readonly phoneTouched = signal(false);
  readonly passwordTouched = signal(false);

  /** Material's «visibility» and «visibility_off» icons (the same paths as core/icons/svg-icons.ts). */
  readonly icons = {
    shown: 'M12 4.5C7 4.5 2.73 7.61 1 12c1.73 4.39 6 7.5 11 7.5s9.27-3.11 11-7.5c-1.73-4.39-6-7.5-11-7.5zM12 17c-2.76 0-5-2.24-5-5s2.24-5 5-5 5 2.24 5 5-2.24 5-5 5zm0-8c-1.66 0-3 1.34-3 3s1.34 3 3 3 3-1.34 3-3-1.34-3-3-3z',
    hidden:
      'M12 7c2.76 0 5 2.24 5 5 0 .65-.13 1.26-.36 1.83l2.92 2.92c1.51-1.26 2.7-2.89 3.43-4.75-1.73-4.39-6-7.5-11-7.5-1.4 0-2.74.25-3.98.7l2.16 2.16C10.74 7.13 11.35 7 12 7zM2 4.27l2.28 2.28.46.46C3.08 8.3 1.78 10.02 1 12c1.73 4.39 6 7.5 11 7.5 1.55 0 3.03-.3 4.38-.84l.42.42L19.73 22 21 20.73 3.27 3 2 4.27zM7.53 9.8l1.55 1.55c-.05.21-.08.43-.08.65 0 1.66 1.34 3 3 3 .22 0 .44-.03.65-.08l1.55 1.55c-.67.33-1.41.53-2.2.53-2.76 0-5-2.24-5-5 0-.79.2-1.53.53-2.2zm4.31-.78l3.15 3.15.02-.16c0-1.66-1.34-3-3-3l-.17.01z',
  };

  phoneError(): string | null {
    if (this.phoneTouched() && this.phoneValue().trim() === '') return this.strings.t('signIn.phoneRequired');
    const problem = this.problem();
    return problem?.field === 'phone' ? problem.text : null;
  }

  passwordError(): string | null {
    return this.passwordTouched() && this.passwordValue() === '' ? this.strings.t('signIn.passwordRequired') : null;
  }

  generalError(): string | null {
    const problem = this.problem();
    return problem && problem.field !== 'phone' ? problem.text : null;
  }

  submit(event: Event): void {
    event.preventDefault();
    this.phoneTouched.set(true);
    this.passwordTouched.set(true);
    const phone = this.phoneValue().trim();
    const password = this.passwordValue();
    if (this.busy() || phone === '' || password === '') return;
    this.submitted.emit({ phone, password });
  }

  /** A plain click opens the page in this app; a new tab or window (Ctrl, middle click) is the browser's. */
  follow(event: MouseEvent, path: string): void {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    this.linkChosen.emit(path);
  }
}
