import { EnvironmentInjector, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideStore } from '@ngrx/store';
import type { Role, SessionUser } from '@oblako/domain';
import { MODULES } from '@oblako/modules';
import { sessionFeature } from '../core/session/session.reducer';
import { pageToPrefetch } from './startup-prefetch';

/** The page chunk the start-up prefetch picks is the one the router then opens (real registry and routes; class names as esbuild emits them). */
async function pageNameFor(role: Role, url: string): Promise<string | null> {
  const user: SessionUser = { id: `${role}-000001`, role, phone: '+79001234567', name: 'Тест' };
  TestBed.configureTestingModule({
    providers: [
      provideZonelessChangeDetection(),
      provideStore({ [sessionFeature.name]: sessionFeature.reducer }, { initialState: { [sessionFeature.name]: { user, status: 'signed-in' as const, error: null } } }),
    ],
  });
  const route = await pageToPrefetch(TestBed.inject(EnvironmentInjector), MODULES, user, url);
  const page = (await route?.loadComponent?.()) as { name: string } | undefined;
  return page?.name ?? null;
}

describe('start-up prefetch: the page a start opens', () => {
  it('a patient opening «Консультации» gets the patient’s consultations page', async () => {
    expect(await pageNameFor('patient', '/consultations')).toMatch(/^_?PatientConsultationsPage$/);
  });

  it('a manager going home gets the first page of their navigation, the stages list', async () => {
    expect(await pageNameFor('manager', '/')).toMatch(/^_?StagesPage$/);
  });

  it('a page of another role prefetches nothing', async () => {
    expect(await pageNameFor('manager', '/consultations')).toBeNull();
  });

  it('an address no module has prefetches nothing', async () => {
    expect(await pageNameFor('doctor', '/nowhere/at-all')).toBeNull();
  });
});
