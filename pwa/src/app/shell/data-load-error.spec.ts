import { Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { ModuleDefinition, SessionUser } from '@oblako/domain';
import { catchError, of } from 'rxjs';
import { DataService } from '../core/db/data.service';
import { DATA_LAYER_CHUNK, LazyDataLayer } from '../core/db/lazy-data-layer';
import { TranslationService } from '../core/i18n/translation.service';
import { OnboardingGate } from '../core/session/onboarding-gate';
import { signedInTestProviders } from '../kit/testing';
import { ShellLayoutComponent } from './shell-layout.component';

/** A page as pages are written: a failed query is shown as an empty list («Записей нет»). */
@Component({
  template: `@if (notes(); as list) { @if (list.length === 0) { <p data-testid="empty">Записей нет</p> } } <p data-testid="page">Страница</p>`,
})
class NotesPage {
  readonly notes = toSignal(inject(DataService).find$('notes').pipe(catchError(() => of([]))), { initialValue: null });
}

const testModule: ModuleDefinition = { id: 'test', nav: [{ path: '/notes', labelKey: 'test.notes', icon: 'event', roles: ['patient'], order: 1 }] };

describe('the data layer cannot be downloaded', () => {
  const user: SessionUser = { id: 'aaaaaaaa-0000-4000-8000-0000000000c7', role: 'patient', phone: '+79000000001', name: 'Тест' };
  let online = false;

  beforeEach(() => {
    online = false;
    TestBed.configureTestingModule({
      providers: [
        ...signedInTestProviders(user, true, { modules: [testModule] }),
        provideRouter([{ path: 'notes', component: NotesPage }]),
        { provide: OnboardingGate, useValue: { stepFor: async () => null, pending: signal(null) } },
        // Offline before the service worker cached the chunk: the download fails until `online`.
        {
          provide: DATA_LAYER_CHUNK,
          useValue: () => (online ? import('../core/db/data-layer.service') : Promise.reject(new TypeError('Failed to fetch dynamically imported module'))),
        },
      ],
    });
    TestBed.inject(TranslationService).use('ru');
  });

  afterEach(async () => {
    if (!online) return;
    const layer = await TestBed.inject(LazyDataLayer).get();
    await layer.close();
    await layer.removeLocalData(user.id);
  });

  async function shellOn(url: string) {
    const fixture = TestBed.createComponent(ShellLayoutComponent);
    await TestBed.inject(Router).navigateByUrl(url);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const text = (id: string) => element.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? null;
    return { fixture, element, text };
  }

  it('shows a Russian error with «Повторить» instead of a page of empty lists; the retry opens the data and draws the page again', async () => {
    const view = await shellOn('/notes');
    // The page asks for its data: the download fails.
    await expectAsync(TestBed.inject(LazyDataLayer).get()).toBeRejected();
    await view.fixture.whenStable();

    expect(view.text('data-load-error')).toContain('Не удалось загрузить данные приложения');
    expect(view.text('data-load-error')).toContain('Проверьте подключение и нажмите «Повторить».');
    expect(view.text('empty')).toBeNull();
    expect(view.text('page')).toBeNull();
    expect(view.text('sync-status')).toBe('Данные не загружены');

    // Still offline: the message stays.
    (view.element.querySelector('[data-testid="data-load-retry"]') as HTMLButtonElement).click();
    await expectAsync(TestBed.inject(LazyDataLayer).get()).toBeRejected();
    await view.fixture.whenStable();
    expect(view.text('data-load-error')).toContain('Не удалось загрузить данные приложения');

    // Back online: the retry downloads the chunk, opens this person's database and the page is drawn again.
    online = true;
    (view.element.querySelector('[data-testid="data-load-retry"]') as HTMLButtonElement).click();
    const layer = await TestBed.inject(LazyDataLayer).get();
    await layer.database();
    await view.fixture.whenStable();
    expect(view.text('data-load-error')).toBeNull();
    expect(view.text('page')).toBe('Страница');
  });
});
