import { Component, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { SessionUser } from '@oblako/domain';
import { SessionStore } from '../auth/session-store';
import { drawsFromFirstPaintCopy, forgetFirstPaintCopies } from './first-paint-copy';
import { FirstPageDrawn } from './first-page-drawn';
import { readFirstPaintCopy, saveFirstPaintCopy } from './page-copy';
import { plantFirstPaintCopy } from './testing';

@Component({ selector: 'ob-test-page', template: `<p style="font-size: 40px">Выберите профиль консультации</p>` })
class TestPage {}

const PATIENT: SessionUser = { id: 'patient-000001', role: 'patient', phone: '+79001234567', name: 'Анна' };
const OTHER: SessionUser = { id: 'patient-000002', role: 'patient', phone: '+79001234568', name: 'Борис' };
/** Karma's page: the address «this start» opens. */
const HERE = location.pathname;

/** Whether `promise` has settled after everything already queued has run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve));
  return done;
}

describe('FirstPageDrawn: what waits for a first screen drawn from its copy', () => {
  beforeEach(() => {
    forgetFirstPaintCopies();
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideRouter([{ path: '**', component: TestPage }])] });
  });
  afterEach(() => {
    TestBed.inject(SessionStore).clear();
    forgetFirstPaintCopies();
  });

  it('a start whose page has no copy holds nothing back', async () => {
    TestBed.inject(SessionStore).save(PATIENT);
    expect(await settled(TestBed.inject(FirstPageDrawn).whenFirstScreenNeedsNothingElse())).toBeTrue();
  });

  it('a start at the address of the person’s copy waits until its first page has been drawn', async () => {
    TestBed.inject(SessionStore).save(PATIENT);
    saveFirstPaintCopy('test.page', PATIENT.id, { shown: true }, HERE);
    const waiting = TestBed.inject(FirstPageDrawn).whenFirstScreenNeedsNothingElse();
    expect(await settled(waiting)).toBeFalse();

    TestBed.createComponent(TestPage); // the app's root view is there when the router navigates
    await TestBed.inject(Router).navigateByUrl('/consultations');
    await waiting; // resolves once painted (or ten frames later): a hang fails the spec by its timeout
    expect(await settled(waiting)).toBeTrue();
  });

  it('someone else’s copy at this address holds nothing back', async () => {
    plantFirstPaintCopy('test.page', OTHER.id, { shown: true }, HERE);
    TestBed.inject(SessionStore).save(PATIENT);
    expect(await settled(TestBed.inject(FirstPageDrawn).whenFirstScreenNeedsNothingElse())).toBeTrue();
  });
});

describe('first-paint copies: the addresses they were drawn at', () => {
  beforeEach(() => new SessionStore().save(PATIENT));
  afterEach(() => new SessionStore().clear());

  it('are remembered per person, once each, a trailing slash ignored', () => {
    saveFirstPaintCopy('consultations.patient', PATIENT.id, { n: 1 }, '/consultations');
    saveFirstPaintCopy('consultations.patient', PATIENT.id, { n: 2 }, '/consultations');
    expect(drawsFromFirstPaintCopy('/consultations/', PATIENT.id)).toBeTrue();
    expect(drawsFromFirstPaintCopy('/consultations', OTHER.id)).toBeFalse();
    expect(drawsFromFirstPaintCopy('/documents', PATIENT.id)).toBeFalse();
    expect(JSON.parse(localStorage.getItem(`oblako.first-paint.@addresses.${PATIENT.id}`)!)).toEqual(['/consultations']);
    expect(readFirstPaintCopy('consultations.patient', PATIENT.id, (value): value is { n: number } => typeof value === 'object')).toEqual({ n: 2 });
  });

  it('are forgotten with the copies at sign-out', () => {
    saveFirstPaintCopy('consultations.patient', PATIENT.id, { n: 1 }, '/consultations');
    forgetFirstPaintCopies();
    expect(drawsFromFirstPaintCopy('/consultations', PATIENT.id)).toBeFalse();
    expect(readFirstPaintCopy('consultations.patient', PATIENT.id, (value): value is unknown => true)).toBeNull();
  });
});
