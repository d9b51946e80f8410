import { EnvironmentInjector, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideStore } from '@ngrx/store';
import type { Role, SessionUser } from '@oblako/domain';
import { MODULES } from '@oblako/modules';
import { sessionFeature } from '../core/session/session.reducer';
import { loadPageRoutesById } from '@oblako/modules/page-routes';
import { pageRouteById, pageToPrefetch } from './startup-prefetch';

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

describe('start-up prefetch: a module’s page found by its id, beside the registry', () => {
  it('every registered module mounted at its id has its pages under its id: the very routes the registry loads', async () => {
    const mountedAtId = MODULES.filter((module) => module.ui?.path === module.id);
    expect(mountedAtId.map((module) => module.id)).toContain('consultations');
    for (const module of mountedAtId) expect(await loadPageRoutesById(module.id)).withContext(module.id).toBe((await module.ui!.loadRoutes()) as never);
  });

  it('a patient opening «Консультации» gets the patient’s consultations page without the registry', async () => {
    const user: SessionUser = { id: 'patient-000001', role: 'patient', phone: '+79001234567', name: 'Тест' };
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideStore({ [sessionFeature.name]: sessionFeature.reducer }, { initialState: { [sessionFeature.name]: { user, status: 'signed-in' as const, error: null } } }),
      ],
    });
    const route = await pageRouteById(TestBed.inject(EnvironmentInjector), '/consultations?c=1');
    expect(((await route?.loadComponent?.()) as { name: string } | undefined)?.name).toMatch(/^_?PatientConsultationsPage$/);
  });

  it('an address that is no module’s id finds nothing (the registry decides then)', async () => {
    expect(await loadPageRoutesById('nowhere').catch(() => 'refused')).toEqual('refused');
    expect(await loadPageRoutesById('../etc')).toBeUndefined();
  });
});
