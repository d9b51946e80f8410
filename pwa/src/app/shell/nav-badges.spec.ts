import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { ModuleDefinition, SessionUser } from '@oblako/domain';
import { TranslationService } from '../core/i18n/translation.service';
import { OnboardingGate } from '../core/session/onboarding-gate';
import { signedInTestProviders } from '../kit/testing';
import { NavBadges } from './nav-badges.service';
import { ShellLayoutComponent } from './shell-layout.component';

const testModule: ModuleDefinition = {
  id: 'test',
  nav: [
    { path: '/things', labelKey: 'test.things', icon: 'event', roles: ['patient'], order: 1 },
    { path: '/things/inbox', labelKey: 'test.inbox', icon: 'notifications', roles: ['patient'], order: 2, badge: 'test.unread' },
  ],
  i18n: {
    ru: { 'test.unread.one': '{count} непрочитанное', 'test.unread.few': '{count} непрочитанных', 'test.unread.many': '{count} непрочитанных', 'test.unread.other': '{count} непрочитанного' },
    en: { 'test.unread.other': '{count} unread' },
  },
};

describe('navigation badges (NavBadges)', () => {
  const user: SessionUser = { id: 'aaaaaaaa-0000-4000-8000-0000000000b1', role: 'patient', phone: '+79000000001', name: 'Тест' };

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        ...signedInTestProviders(user, true, { modules: [testModule], router: true }),
        { provide: OnboardingGate, useValue: { stepFor: async () => null, pending: signal(null) } },
      ],
    });
    TestBed.inject(TranslationService).use('ru');
  });

  it('shows the published count on the entry with that badge key, with an accessible label, and nothing at 0', async () => {
    const fixture = TestBed.createComponent(ShellLayoutComponent);
    fixture.autoDetectChanges();
    await fixture.whenStable();
    const page = fixture.nativeElement as HTMLElement;
    expect(page.querySelector('[data-testid="nav-badge"]')).toBeNull();

    TestBed.inject(NavBadges).set('test.unread', 3);
    await fixture.whenStable();
    const badge = page.querySelector('[data-testid="nav-badge"]');
    expect(badge).not.toBeNull();
    expect(badge!.getAttribute('data-badge')).toBe('test.unread');
    expect(badge!.textContent).toContain('3');
    // The accessible label lives in the entry's link (phone bar or side navigation).
    expect(badge!.closest('a')!.textContent).toContain('3 непрочитанных');

    TestBed.inject(NavBadges).set('test.unread', 0);
    await fixture.whenStable();
    expect(page.querySelector('[data-testid="nav-badge"]')).toBeNull();
    fixture.destroy();
  });

  it('keeps one live count per key', () => {
    const badges = TestBed.inject(NavBadges);
    const count = badges.count('a');
    expect(count()).toBe(0);
    badges.set('a', 5);
    badges.set('b', 1);
    expect(count()).toBe(5);
    expect(badges.count('b')()).toBe(1);
  });
});
