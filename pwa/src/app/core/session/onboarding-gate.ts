import { Injectable, inject, signal } from '@angular/core';
import { CONSENT_API, CONSENT_VERSION, type ConsentStatus, type SessionUser } from '@oblako/domain';
import { AuthorizedFetch } from '../auth/authorized-fetch';
import { SW_BYPASS_HEADER } from '../auth/auth-api';
import { CONSENT_STORAGE_KEY } from '../auth/session-store';

/** What a signed-in person must do before anything else, in this order. */
export type OnboardingStep = 'password' | 'consent';

/**
 * Where each step is done. The pages belong to the registration module (its `ui` under
 * `onboarding`); the shell only sends people there, so it names the paths, nothing more.
 */
export const ONBOARDING_PATHS: Readonly<Record<OnboardingStep, string>> = {
  password: '/onboarding/password',
  consent: '/onboarding/consent',
};

export function isOnboardingUrl(url: string): boolean {
  return url === '/onboarding' || url.startsWith('/onboarding/') || url.startsWith('/onboarding?');
}

/** A "not yet" answer is asked again after this long (the person may consent on another device). */
const ANSWER_REUSE_MS = 2_000;

/**
 * Decides whether a signed-in person may enter the cabinet: a one-time password must be
 * replaced first (the server refuses everything else meanwhile), and a patient must accept
 * the current consent (152-FZ) before any data. An acceptance is remembered on the device
 * (cleared at sign-out), so offline reloads open without asking the server; without that
 * note and without a server the answer is "consent first" — the consent page says it needs
 * the network.
 */
@Injectable({ providedIn: 'root' })
export class OnboardingGate {
  private readonly authorizedFetch = inject(AuthorizedFetch);
  private readonly pendingStep = signal<OnboardingStep | null>(null);
  /** The step the signed-in person is held at (the shell hides the navigation meanwhile). */
  readonly pending = this.pendingStep.asReadonly();
  private asked: { userId: string; at: number; answer: Promise<boolean> } | null = null;

  async stepFor(user: SessionUser): Promise<OnboardingStep | null> {
    const step: OnboardingStep | null = user.mustChangePassword
      ? 'password'
      : user.role === 'patient' && !(await this.hasConsent(user.id))
        ? 'consent'
        : null;
    this.pendingStep.set(step);
    return step;
  }

  /** The consent page recorded an acceptance (the server answered with `accepted: true`). */
  consentGiven(userId: string, version: string): void {
    this.asked = null;
    try {
      localStorage.setItem(CONSENT_STORAGE_KEY, JSON.stringify({ userId, version }));
    } catch {
      // No storage: the server is asked again after a reload.
    }
    if (this.pendingStep() === 'consent') this.pendingStep.set(null);
  }

  private hasConsent(userId: string): Promise<boolean> {
    if (this.rememberedConsent(userId)) return Promise.resolve(true);
    if (this.asked?.userId === userId && Date.now() - this.asked.at < ANSWER_REUSE_MS) return this.asked.answer;
    const answer = this.askServer(userId);
    this.asked = { userId, at: Date.now(), answer };
    return answer;
  }

  private async askServer(userId: string): Promise<boolean> {
    try {
      const response = await this.authorizedFetch.fetch(CONSENT_API.current, { headers: { accept: 'application/json', [SW_BYPASS_HEADER]: '1' } });
      if (!response.ok) return false;
      const status = (await response.json()) as ConsentStatus;
      if (status.accepted) this.consentGiven(userId, status.version);
      return status.accepted;
    } catch {
      return false;
    }
  }

  private rememberedConsent(userId: string): boolean {
    try {
      const note = JSON.parse(localStorage.getItem(CONSENT_STORAGE_KEY) ?? 'null') as { userId?: string; version?: string } | null;
      return note?.userId === userId && note.version === CONSENT_VERSION;
    } catch {
      return false;
    }
  }
}
