import { provideEnvironmentInitializer, provideZonelessChangeDetection, type EnvironmentProviders, type Provider } from '@angular/core';
import { provideRouter } from '@angular/router';
import { provideMockStore } from '@ngrx/store/testing';
import type { SessionUser } from '@oblako/domain';
import { ApiCallError, SessionControl, provideModuleTranslations, selectUser } from '@oblako/shell-kit';
import { ERROR_TRANSLATIONS } from '../../../pwa/src/app/core/i18n/error-translations';
import { registerSvgIcons } from '../../../pwa/src/app/core/icons/svg-icons';
import type { CodeChallenge, PhoneVerification } from '../api';
import { REGISTRATION_PAGE_TRANSLATIONS } from './i18n';
import { RegistrationApi } from './registration-api';

/** Test doubles for the pages' specs (never imported by the pages themselves). */

export function challengeFor(phone: string, now = Date.now()): CodeChallenge {
  return {
    challengeId: 'challenge-1',
    phone,
    expiresAt: new Date(now + 300_000).toISOString(),
    resendAvailableAt: new Date(now + 60_000).toISOString(),
    codeLength: 6,
    attemptsLeft: 5,
  };
}

export function verificationFor(phone: string, registered: boolean): PhoneVerification {
  return { verificationToken: 'verified-token', phone, expiresAt: new Date(Date.now() + 900_000).toISOString(), registered };
}

export function apiError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): ApiCallError {
  return new ApiCallError(status, code, message, undefined, undefined, { code, message, ...extra });
}

export type FakeRegistrationApi = { [K in keyof RegistrationApi]: jasmine.Spy };

export function fakeRegistrationApi(): FakeRegistrationApi {
  return {
    requestCode: jasmine.createSpy('requestCode').and.callFake(async (phone: string) => challengeFor(phone)),
    verifyCode: jasmine.createSpy('verifyCode'),
    complete: jasmine.createSpy('complete'),
    restorePassword: jasmine.createSpy('restorePassword'),
    changePassword: jasmine.createSpy('changePassword'),
    consent: jasmine.createSpy('consent'),
    acceptConsent: jasmine.createSpy('acceptConsent'),
  };
}

export function registrationTestProviders(api: FakeRegistrationApi, user: SessionUser | null = null): (Provider | EnvironmentProviders)[] {
  localStorage.removeItem('oblako.language');
  return [
    provideZonelessChangeDetection(),
    provideRouter([]),
    provideEnvironmentInitializer(registerSvgIcons),
    provideModuleTranslations(REGISTRATION_PAGE_TRANSLATIONS),
    // The app loads the error strings as a chunk of their own; a spec has them from the start.
    provideModuleTranslations(ERROR_TRANSLATIONS),
    provideMockStore({ selectors: [{ selector: selectUser, value: user }] }),
    { provide: RegistrationApi, useValue: api },
    { provide: SessionControl, useValue: { started: jasmine.createSpy('started'), renewed: jasmine.createSpy('renewed') } },
  ];
}

/** Types into an input as a person does (the `input` event drives the reactive form). */
export function typeInto(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input'));
  input.dispatchEvent(new Event('blur'));
}

export function texts(root: HTMLElement, selector: string): string[] {
  return [...root.querySelectorAll(selector)].map((element) => element.textContent!.replace(/\s+/g, ' ').trim());
}
