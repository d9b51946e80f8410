import { ChangeDetectionStrategy, Component, afterNextRender, computed, effect, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators, type AbstractControl, type ValidationErrors } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { formatPhone, normalizePhone, type ModuleDefinition } from '@oblako/domain';
import { selectOnline } from '../core/connectivity/connectivity.selectors';
import { LazyDataLayer } from '../core/db/lazy-data-layer';
import { MODULE_REGISTRY, ModuleRegistryLoader } from '../core/modules/module-registry';
import { TranslatePipe } from '../core/i18n/translate.pipe';
import { TranslationService } from '../core/i18n/translation.service';
import { sessionActions } from '../core/session/session.actions';
import { selectSessionError, selectSessionStatus } from '../core/session/session.selectors';
import { LanguageSwitcherComponent } from '../shell/language-switcher.component';

function phoneValidator(control: AbstractControl<string>): ValidationErrors | null {
  return control.value && !normalizePhone(control.value) ? { phone: true } : null;
}

@Component({
  selector: 'ob-sign-in',
  imports: [
    ReactiveFormsModule, MatCard, MatCardContent, MatFormField, MatLabel, MatInput, MatError, MatHint, MatSuffix,
    MatButton, MatIconButton, MatIcon, MatProgressBar, TranslatePipe, LanguageSwitcherComponent, RouterLink,
  ],
  template: `
    <main class="page">
      <div class="top"><ob-language-switcher /></div>
      <div class="brand">
        <img src="icons/icon-192.png" alt="" width="72" height="72" />
        <h1>{{ 'app.name' | t }}</h1>
        <p>{{ 'signIn.subtitle' | t }}</p>
      </div>
      <mat-card appearance="outlined" class="card">
        @if (busy()) {
          <mat-progress-bar mode="indeterminate" />
        }
        <mat-card-content>
          <h2 class="title">{{ 'signIn.title' | t }}</h2>
          <form [formGroup]="form" (ngSubmit)="submit()" (focusin)="prepareData()" novalidate>
            <mat-form-field appearance="outline">
              <mat-label>{{ 'signIn.phone' | t }}</mat-label>
              <input matInput formControlName="phone" type="tel" inputmode="tel" autocomplete="username" (blur)="tidyPhone()" />
              @if (form.controls.phone.hasError('required')) {
                <mat-error>{{ 'error.invalid_phone' | t }}</mat-error>
              } @else if (form.controls.phone.hasError('phone')) {
                <mat-error>{{ 'error.invalid_phone' | t }}</mat-error>
              } @else {
                <mat-hint>{{ 'signIn.phoneHint' | t }}</mat-hint>
              }
            </mat-form-field>
            <mat-form-field appearance="outline">
              <mat-label>{{ 'signIn.password' | t }}</mat-label>
              <input matInput formControlName="password" [type]="showPassword() ? 'text' : 'password'" autocomplete="current-password" />
              <button mat-icon-button matSuffix type="button" (click)="showPassword.set(!showPassword())"
                [attr.aria-label]="(showPassword() ? 'signIn.hidePassword' : 'signIn.showPassword') | t" [attr.aria-pressed]="showPassword()">
                <mat-icon [svgIcon]="showPassword() ? 'visibility_off' : 'visibility'" />
              </button>
              @if (form.controls.password.hasError('required')) {
                <mat-error>{{ 'signIn.passwordRequired' | t }}</mat-error>
              }
            </mat-form-field>
            @if (errorText(); as message) {
              <p class="error" role="alert" data-testid="sign-in-error">{{ message }}</p>
            }
            <button mat-flat-button type="submit" class="submit" [disabled]="busy()">{{ 'signIn.submit' | t }}</button>
          </form>
          @if (links().length > 0) {
            <nav class="links" data-testid="sign-in-links">
              @for (link of links(); track link.path) {
                <a mat-button [routerLink]="link.path">{{ link.labelKey | t }}</a>
              }
            </nav>
          }
        </mat-card-content>
      </mat-card>
    </main>
  `,
  styles: `
    .page { min-height: 100dvh; display: flex; flex-direction: column; align-items: center; padding: 16px; gap: 16px; box-sizing: border-box; background: var(--mat-sys-surface-container-low); }
    .top { align-self: flex-end; }
    .brand { text-align: center; }
    .brand img { border-radius: 16px; }
    .brand h1 { margin: 8px 0 4px; font: var(--mat-sys-headline-medium); }
    .brand p { margin: 0; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-large); }
    .card { width: 100%; max-width: 420px; overflow: hidden; }
    .title { font: var(--mat-sys-title-large); margin: 8px 0 16px; }
    form { display: flex; flex-direction: column; gap: 8px; }
    mat-form-field { width: 100%; }
    .error { margin: 0 0 8px; padding: 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); font: var(--mat-sys-body-medium); }
    .submit { height: 48px; }
    .links { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 8px; margin-top: 16px; }
    .links a { min-height: 48px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignInPage {
  private readonly store = inject(Store);
  private readonly i18n = inject(TranslationService);
  private readonly status = this.store.selectSignal(selectSessionStatus);
  private readonly error = this.store.selectSignal(selectSessionError);
  private readonly online = this.store.selectSignal(selectOnline);

  private readonly dataLayer = inject(LazyDataLayer);
  private dataPrepared = false;

  readonly links = signal(signInLinksOf(inject(MODULE_REGISTRY)));
  readonly showPassword = signal(false);
  readonly busy = computed(() => this.status() === 'signing-in');
  readonly form = new FormGroup({
    phone: new FormControl('', { nonNullable: true, validators: [Validators.required, phoneValidator] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });

  readonly errorText = computed(() => {
    const error = this.error();
    if (!error) return this.online() ? null : this.i18n.t('signIn.offline');
    if (error.code === 'network') return this.i18n.t(this.online() ? 'signIn.network' : 'signIn.offline');
    const message = this.i18n.t(this.i18n.has(`error.${error.code}`) ? `error.${error.code}` : 'error.internal');
    return error.retryAfterSeconds ? `${message} ${this.i18n.t('signIn.retryAfter', { seconds: error.retryAfterSeconds })}` : message;
  });

  constructor() {
    // A busy form cannot be edited (the request is on its way).
    effect(() => (this.busy() ? this.form.disable({ emitEvent: false }) : this.form.enable({ emitEvent: false })));
    // The modules' registry is not part of what the form needs: it loads once the form is up.
    const registry = inject(ModuleRegistryLoader);
    afterNextRender(() => {
      if (this.links().length > 0) return;
      registry.load().then(
        (modules) => this.links.set(signInLinksOf(modules)),
        (error: unknown) => console.error('the module registry did not load', error),
      );
    });
  }

  /**
   * The person started filling the form: the data layer (RxDB, ~260 kB of JavaScript that the
   * first sync needs the moment the sign-in is answered) loads while they type, in the browser's
   * idle time, not after the click (bench/README.md, bench:browser). Nothing is opened yet.
   */
  prepareData(): void {
    if (this.dataPrepared) return;
    this.dataPrepared = true;
    const load = () => void this.dataLayer.get().catch(() => undefined); // the sign-in loads it again and reports a failure
    if (typeof requestIdleCallback === 'function') requestIdleCallback(load, { timeout: 1_000 });
    else setTimeout(load, 0);
  }

  tidyPhone(): void {
    const e164 = normalizePhone(this.form.controls.phone.value);
    if (e164) this.form.controls.phone.setValue(formatPhone(e164));
  }

  submit(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    const { phone, password } = this.form.getRawValue();
    const e164 = normalizePhone(phone);
    if (!e164) return;
    this.store.dispatch(sessionActions.signInRequested({ phone: e164, password }));
  }
}

/** Registration, password restore …: whatever registered modules offer signed-out people. */
function signInLinksOf(modules: readonly ModuleDefinition[]) {
  return modules.flatMap((module) => module.publicUi?.signInLinks ?? []);
}
