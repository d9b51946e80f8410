import {
  ApplicationRef, ChangeDetectionStrategy, Component, DestroyRef, afterNextRender, computed, inject, provideAppInitializer, provideZonelessChangeDetection, signal,
  type ApplicationConfig,
} from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import type { ModuleDefinition, SessionResponse } from '@oblako/domain';
import { AuthHttpError, NetworkError, postSignIn } from '../core/auth/auth-api';
import type { DatabaseOpenedAtSignIn } from '../core/db/opened-at-sign-in';
import { runWhenIdle } from '../core/idle/run-when-idle';
import { collectionsOf } from '../core/modules/collections-of';
import { askFirstPagesAhead } from '../core/replication/first-pages-ahead';
import { SignInFormComponent, type SignInCredentials, type SignInLink, type SignInProblem } from '../sign-in/sign-in-form.component';
import { SIGN_IN_STRINGS } from '../sign-in/sign-in-strings';
import { LightStrings } from './light-strings';
import { preloadSignedInApp } from './signed-in-preload';

/**
 * A device flag (localStorage) that leaves the opening to the full app, as before: for
 * bench:browser's before/after only. Here, where it is read: from the token's file it would
 * cost the sign-in page a chunk of its own.
 */
export const OPEN_AT_SIGN_IN_OFF_KEY = 'oblako:start:open-after-bootstrap';

/**
 * The light start application: what a person without a session needs before the sign-in form
 * works — Angular's core, the form and one `fetch` — and nothing of the full app (router, NgRx,
 * shell, registry, Material). On success, or when the person follows a link (registration,
 * password restore), it hands over to the full app, which it fetched in idle time while the
 * person typed (bench/README.md, bench:lighthouse, session 7).
 */
@Component({
  selector: 'ob-root',
  imports: [SignInFormComponent],
  template: `
    <ob-sign-in-form [busy]="busy()" [problem]="problem()" [links]="links()"
      (submitted)="submit($event)" (started)="prepareFullApp()" (linkChosen)="open($event)" />
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignInStartComponent {
  private readonly strings = inject(LightStrings);
  private readonly app = inject(ApplicationRef);
  private readonly online = signal(navigator.onLine);
  private readonly failure = signal<SignInProblem | null>(null);
  private fullApp: Promise<typeof import('./full-app')> | null = null;
  /** Here once loaded (while the person typed): the opening then starts before the full app's bootstrap takes the main thread. */
  private dataLayerCode: typeof import('../core/db/data-layer.service') | null = null;
  private modules: readonly ModuleDefinition[] | null = null;
  private preparing = false;

  readonly busy = signal(false);
  readonly links = signal<readonly SignInLink[]>([]);
  /** As the full app's sign-in page says it: offline before anything was tried, too. */
  readonly problem = computed(() => this.failure() ?? (this.online() ? null : { text: this.strings.t('signIn.offline') }));

  constructor() {
    const connectivity = () => this.online.set(navigator.onLine);
    window.addEventListener('online', connectivity);
    window.addEventListener('offline', connectivity);
    inject(DestroyRef).onDestroy(() => {
      window.removeEventListener('online', connectivity);
      window.removeEventListener('offline', connectivity);
    });
    // After the form works: the modules' links (with their labels). Not the service worker: the
    // full app registers it once the person's data is on the device (registration-moment.ts).
    // Registered here, it installed and then took every request of the sign-in, through its
    // cache, beside the first sync: a doctor's 5,000 records took 1.34 s to store instead of
    // 0.87 s, and 1.16 s against 0.95 s when it was installed long before the click
    // (bench/README.md «Session 10»). Chromium installs the app without it, and nothing works
    // offline before a sign-in.
    afterNextRender(() => {
      // The form is drawn and listens: the moment the weight of the sign-in page is measured at
      // (e2e/sign-in-start.test.ts counts the scripts requested before it).
      performance.mark(SIGN_IN_READY_MARK);
      void this.loadLinks();
    });
  }

  async submit({ phone, password }: SignInCredentials): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.failure.set(null);
    // The phone goes as typed: the server normalises it with the domain's rule (`invalid_phone` otherwise).
    // Asked for first: a click that comes before the idle-time loading below (a password
    // manager's fill) would otherwise queue the sign-in behind ~35 chunks on HTTP/1.1's six
    // connections.
    const answer = postSignIn({ phone, password }, this.strings.language());
    answer.catch(() => undefined); // awaited below
    // While the server checks the password: everything the first signed-in screen needs.
    this.preparing = true;
    this.loadSignedInCode();
    import('../shell/shell-layout.component').catch(() => undefined);
    import('../core/icons/svg-icons').catch(() => undefined);
    let session: SessionResponse;
    try {
      session = await answer;
    } catch (error) {
      this.failure.set(this.describe(error));
      this.busy.set(false);
      return;
    }
    // The person's database opens now, beside the full app's start, not after its bootstrap,
    // router and shell: the first sync can ask for its first page as soon as the app runs.
    const opened = this.openDatabase(session);
    try {
      await this.handOver(session, undefined, opened);
    } catch (error) {
      // The full app's code could not be fetched (the network dropped right after the answer).
      console.error('the app did not start', error);
      // Nobody will use it: a new attempt opens it again (or another person's).
      if (opened) void import('../core/db/data-layer.service').then((layer) => layer.closeUnadopted(opened));
      this.failure.set({ text: this.strings.t('signIn.network') });
      this.busy.set(false);
    }
  }

  /** A plain link of a module (registration, password restore): its page is in the full app. */
  async open(path: string): Promise<void> {
    try {
      await this.handOver(undefined, path);
    } catch (error) {
      console.error('the app did not start', error);
      this.failure.set({ text: this.strings.t(navigator.onLine ? 'signIn.network' : 'signIn.offline') });
    }
  }

  /**
   * The person started filling the form: the full app's code and the data layer (RxDB, which
   * the first sync needs the moment the sign-in is answered) load in idle time while they type,
   * as the full app's sign-in page does (a dynamic import fetches and evaluates the chunks;
   * nothing starts until handOver).
   */
  prepareFullApp(): void {
    if (this.preparing) return;
    this.preparing = true;
    runWhenIdle(() => this.loadSignedInCode(), IDLE_TIMEOUT_MS);
  }

  /**
   * What the first signed-in screen needs, as the full app's startup prefetch loads it when a
   * sign-in is sent (shell/startup-prefetch.ts): the full app, the data layer, the shell and
   * the icons. A failure shows when the code is needed (handOver, the router, LazyDataLayer).
   */
  private loadSignedInCode(): void {
    preloadSignedInApp();
    this.loadFullApp().catch(() => undefined);
    import('../core/db/data-layer.service').then((code) => (this.dataLayerCode = code), () => undefined);
  }

  /**
   * Starts opening the person's database with the data layer's code (asked for while they typed)
   * and the modules' collections (the registry, loaded for the form's links), and asks for the
   * pages of their data at once, whether that code is here yet or not (askFirstPagesAhead, a few
   * kB of this application's own; core/db/start-at-sign-in.ts): for the full app's
   * data layer to adopt (DATABASE_OPENED_AT_SIGN_IN). Not with a one-time password: the server
   * refuses the replication until a new password is set, and the data opens after it
   * (session.effects.ts).
   */
  private openDatabase(session: SessionResponse): DatabaseOpenedAtSignIn | undefined {
    const { user } = session;
    if (user.mustChangePassword || globalThis.localStorage?.getItem(OPEN_AT_SIGN_IN_OFF_KEY) === 'yes') return undefined;
    const modulesHere = this.modules ? Promise.resolve(this.modules) : import('@oblako/modules').then(({ MODULES }) => MODULES);
    // Asked for at once, with this application's own code: behind the signed-in app's chunks
    // (~35 requests over HTTP/1.1's six connections, the data layer's ~260 kB among them) they
    // began up to 0.8 s after the answer (bench/README.md, bench:browser, session 9).
    const firstPages = this.modules
      ? askFirstPagesAhead(session, collectionsOf(this.modules))
      : modulesHere.then((modules) => askFirstPagesAhead(session, collectionsOf(modules)));
    firstPages.catch(() => undefined); // without them the replication asks the ordinary way
    // Loaded while the person typed: started now, in this task, ahead of the full app's
    // bootstrap (through import() it began 40–70 ms after the answer, behind the bootstrap;
    // bench/README.md, bench:browser, session 8); otherwise once the code is here.
    const [code, modules] = [this.dataLayerCode, this.modules];
    const started =
      code && modules
        ? new Promise<ReturnType<typeof code.startAtSignIn>>((resolve) => resolve(code.startAtSignIn(session, modules, firstPages)))
        : Promise.all([import('../core/db/data-layer.service'), modulesHere]).then(([layer, all]) => layer.startAtSignIn(session, all, firstPages));
    const failed = (error: unknown) => {
      // The data layer opens it itself then, and reports what fails there (its «Повторить»).
      console.error('the database did not open at sign-in', error);
      return null;
    };
    return { userId: user.id, database: started.then((s) => s.database).catch(failed), firstPages: started.then((s) => s.firstPages).catch(() => null) };
  }

  private loadFullApp(): Promise<typeof import('./full-app')> {
    this.fullApp ??= import('./full-app');
    // A chunk that failed to load (offline before it was cached) is tried again next time.
    this.fullApp.catch(() => (this.fullApp = null));
    return this.fullApp;
  }

  /**
   * This application ends and the full app starts in its place, on the same host element (at
   * `path` for a link). The address changes only once the full app's code is here: until then this form
   * stays, and nothing can be typed into a page that is about to go.
   */
  private async handOver(session?: SessionResponse, path?: string, opened?: DatabaseOpenedAtSignIn): Promise<void> {
    const { AppComponent, fullAppConfig } = await this.loadFullApp();
    // After a sign-in the address stays (`/`, `/sign-in`, `/sign-in?next=…`): the full app's
    // guard and session effects take the person home or to the page asked for, without
    // drawing its own sign-in page. A link opens its page.
    if (path) history.pushState(null, '', path);
    this.app.destroy();
    let host = document.querySelector('ob-root');
    if (!host) document.body.prepend((host = document.createElement('ob-root')));
    // index.html's splash again until the full app draws its first page (no blank frame between).
    host.innerHTML = splash;
    await bootstrapApplication(AppComponent, fullAppConfig(session, opened));
  }

  private async loadLinks(): Promise<void> {
    try {
      const { MODULES } = await import('@oblako/modules');
      this.modules = MODULES;
      for (const module of MODULES) if (module.i18n) this.strings.extend(module.i18n);
      this.links.set(MODULES.flatMap((module) => module.publicUi?.signInLinks ?? []));
    } catch (error) {
      console.error('the module registry did not load', error);
    }
  }

  private describe(error: unknown): SignInProblem {
    if (error instanceof NetworkError) return { text: this.strings.t(navigator.onLine ? 'signIn.network' : 'signIn.offline') };
    if (error instanceof AuthHttpError && error.apiError) {
      // The server's message is already in the language the request asked for (accept-language).
      const { message, retryAfterSeconds, field } = error.apiError;
      const text = retryAfterSeconds ? `${message} ${this.strings.t('signIn.retryAfter', { seconds: retryAfterSeconds })}` : message;
      return field === 'phone' ? { text, field: 'phone' } : { text };
    }
    return { text: this.strings.t('signIn.network') };
  }
}

/** index.html's splash (the brand block), as it was before this application replaced it. */
let splash = '';

/** Bootstrapped by pwa/src/main.ts: `bootstrapApplication(SignInStartComponent, signInAppConfig)`. */
export const signInAppConfig: ApplicationConfig = {
  providers: [
    provideZonelessChangeDetection(),
    LightStrings,
    { provide: SIGN_IN_STRINGS, useExisting: LightStrings },
    // Before the component replaces it.
    provideAppInitializer(() => void (splash = document.querySelector('ob-root')?.innerHTML ?? '')),
  ],
};

export const SIGN_IN_READY_MARK = 'oblako:sign-in-ready';

/** The longest the idle-time loads of this page wait for the browser to be idle. */
const IDLE_TIMEOUT_MS = 2_000;
