import { ChangeDetectionStrategy, Component, afterNextRender, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { Store } from '@ngrx/store';
import type { ModuleDefinition } from '@oblako/domain';
import { selectOnline } from '../core/connectivity/connectivity.selectors';
import { LazyDataLayer } from '../core/db/lazy-data-layer';
import { MODULE_REGISTRY, ModuleRegistryLoader } from '../core/modules/module-registry';
import { TranslationService } from '../core/i18n/translation.service';
import { sessionActions } from '../core/session/session.actions';
import { selectSessionError, selectSessionStatus } from '../core/session/session.selectors';
import { runWhenIdle } from '../core/idle/run-when-idle';
import { SignInFormComponent, type SignInCredentials, type SignInProblem } from './sign-in-form.component';
import { SIGN_IN_FORM_TRANSLATIONS, SIGN_IN_STRINGS } from './sign-in-strings';

/**
 * The sign-in page inside the full app (after a sign-out, an expired session, a deep link
 * opened without a session): the same form as the light start application
 * (`start/sign-in-app.ts`), sending through the session store.
 */
@Component({
  selector: 'ob-sign-in',
  imports: [SignInFormComponent],
  providers: [{ provide: SIGN_IN_STRINGS, useFactory: () => inject(TranslationService) }],
  template: `
    <ob-sign-in-form [busy]="busy()" [problem]="problem()" [links]="links()"
      (submitted)="submit($event)" (started)="prepareData()" (linkChosen)="open($event)" />
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignInPage {
  private readonly store = inject(Store);
  private readonly router = inject(Router);
  private readonly i18n = inject(TranslationService);
  private readonly status = this.store.selectSignal(selectSessionStatus);
  private readonly error = this.store.selectSignal(selectSessionError);
  private readonly online = this.store.selectSignal(selectOnline);

  private readonly dataLayer = inject(LazyDataLayer);
  private dataPrepared = false;

  readonly links = signal(signInLinksOf(inject(MODULE_REGISTRY)));
  readonly busy = computed(() => this.status() === 'signing-in');

  readonly problem = computed((): SignInProblem | null => {
    const error = this.error();
    if (!error) return this.online() ? null : { text: this.i18n.t('signIn.offline') };
    if (error.code === 'network') return { text: this.i18n.t(this.online() ? 'signIn.network' : 'signIn.offline') };
    const message = this.i18n.t(this.i18n.has(`error.${error.code}`) ? `error.${error.code}` : 'error.internal');
    const text = error.retryAfterSeconds ? `${message} ${this.i18n.t('signIn.retryAfter', { seconds: error.retryAfterSeconds })}` : message;
    return error.code === 'invalid_phone' ? { text, field: 'phone' } : { text };
  });

  constructor() {
    this.i18n.extend(SIGN_IN_FORM_TRANSLATIONS);
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
    // The sign-in loads it again and reports a failure.
    runWhenIdle(() => this.dataLayer.get().catch(() => undefined), 1_000);
  }

  /** The phone goes as typed: the server normalises it with the domain's rule and says when it is not a number. */
  submit({ phone, password }: SignInCredentials): void {
    if (this.busy()) return;
    this.store.dispatch(sessionActions.signInRequested({ phone, password }));
  }

  open(path: string): void {
    void this.router.navigateByUrl(path);
  }
}

/** Registration, password restore …: whatever registered modules offer signed-out people. */
export function signInLinksOf(modules: readonly ModuleDefinition[]) {
  return modules.flatMap((module) => module.publicUi?.signInLinks ?? []);
}
