import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatIconRegistry } from '@angular/material/icon';
import { DomSanitizer } from '@angular/platform-browser';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { svgIcon, ICON_NAMES } from '../core/icons/svg-icons';
import { initialSyncState } from '../core/sync/sync.reducer';
import { DATA_LAYER_CHUNK, LazyDataLayer } from '../core/db/lazy-data-layer';
import { TranslationService } from '../core/i18n/translation.service';
import { SHELL_LAYOUT_STRINGS } from './shell-strings';
import { StatusIndicatorComponent } from './status-indicator.component';

function state(online: boolean, pending: number, pendingKnown = true, user: { mustChangePassword?: boolean } | null = null, status: 'idle' | 'active' = 'idle') {
  return {
    session: { user, status: user ? 'signed-in' : 'signed-out', error: null },
    connectivity: { network: online, serverReachable: true },
    sync: { ...initialSyncState, pendingKnown, collections: { profiles: { status, lastSyncedAt: null, error: null, pending } } },
  };
}

describe('StatusIndicatorComponent', () => {
  let store: MockStore;

  beforeEach(() => {
    localStorage.removeItem('oblako.language');
    TestBed.configureTestingModule({
      imports: [StatusIndicatorComponent],
      providers: [
        provideZonelessChangeDetection(),
        provideMockStore({ initialState: state(true, 0) }),
        // The data layer's chunk that never downloads (offline before the service worker cached it).
        { provide: DATA_LAYER_CHUNK, useValue: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')) },
      ],
    });
    const registry = TestBed.inject(MatIconRegistry);
    const sanitizer = TestBed.inject(DomSanitizer);
    for (const name of ICON_NAMES) registry.addSvgIconLiteral(name, sanitizer.bypassSecurityTrustHtml(svgIcon(name)));
    store = TestBed.inject(MockStore);
    // In the app the shell registers its own strings as it loads (ShellLayoutComponent).
    TestBed.inject(TranslationService).extend(SHELL_LAYOUT_STRINGS);
  });

  async function render() {
    const fixture = TestBed.createComponent(StatusIndicatorComponent);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    return {
      fixture,
      connectivity: () => element.querySelector('[data-testid="connectivity"]')!.textContent!.trim(),
      sync: () => element.querySelector('[data-testid="sync-status"]')!.textContent!.trim(),
    };
  }

  it('says «В сети» and that everything is sent', async () => {
    const view = await render();
    expect(view.connectivity()).toBe('В сети');
    expect(view.sync()).toBe('Все изменения отправлены');
  });

  it('says «Нет сети» and counts waiting changes with the right plural', async () => {
    const view = await render();
    for (const [pending, text] of [
      [1, '1 изменение ожидает отправки'],
      [3, '3 изменения ожидают отправки'],
      [7, '7 изменений ожидают отправки'],
    ] as const) {
      store.setState(state(false, pending));
      await view.fixture.whenStable();
      expect(view.connectivity()).toBe('Нет сети');
      expect(view.sync()).toBe(text);
    }
  });

  it('never says everything is sent before the database has answered', async () => {
    store.setState(state(true, 0, false));
    const view = await render();
    expect(view.sync()).toBe('Проверяем изменения…');
    expect(view.sync()).not.toContain('отправлены');
    store.setState(state(true, 0, true));
    await view.fixture.whenStable();
    expect(view.sync()).toBe('Все изменения отправлены');
  });

  it('says the data is not loaded when the data layer could not be downloaded', async () => {
    store.setState(state(false, 0, false));
    const view = await render();
    await expectAsync(TestBed.inject(LazyDataLayer).get()).toBeRejected();
    await view.fixture.whenStable();
    expect(view.sync()).toBe('Данные не загружены');
  });

  it('says the sync waits for the new password while a one-time password is in use, then counts as usual', async () => {
    store.setState(state(true, 0, false, { mustChangePassword: true }));
    const view = await render();
    expect(view.sync()).toBe('Синхронизация после смены пароля');
    store.setState(state(true, 0, false, { mustChangePassword: false }));
    await view.fixture.whenStable();
    expect(view.sync()).toBe('Проверяем изменения…');
    store.setState(state(true, 2, true, { mustChangePassword: false }));
    await view.fixture.whenStable();
    expect(view.sync()).toBe('2 изменения ожидают отправки');
  });

  it('keeps its width as the sync turns on and off (no layout shift at every live change), in Russian and in English', async () => {
    const view = await render();
    document.body.appendChild(view.fixture.nativeElement as HTMLElement);
    const chip = () => (view.fixture.nativeElement as HTMLElement).querySelector<HTMLElement>('[data-testid="sync-status"]')!;
    const i18n = TestBed.inject(TranslationService);
    try {
      for (const [language, texts] of [
        ['ru', ['Проверяем изменения…', 'Синхронизация…', 'Все изменения отправлены']],
        ['en', ['Checking for changes…', 'Syncing…', 'All changes sent']],
      ] as const) {
        i18n.use(language);
        const widths: number[] = [];
        for (const [i, next] of [state(true, 0, false), state(true, 0, true, null, 'active'), state(true, 0, true)].entries()) {
          store.setState(next);
          await view.fixture.whenStable();
          expect(view.sync()).toBe(texts[i]!);
          widths.push(chip().getBoundingClientRect().width);
        }
        expect(widths[0]).toBeGreaterThan(0);
        expect(new Set(widths).size).withContext(`${language}: ${widths.join(', ')}`).toBe(1);
      }
    } finally {
      i18n.use('ru');
      (view.fixture.nativeElement as HTMLElement).remove();
    }
  });
});
