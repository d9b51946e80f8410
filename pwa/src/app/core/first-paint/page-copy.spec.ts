import type { SessionUser } from '@oblako/domain';
import { SessionStore } from '../auth/session-store';
import { drawsFromFirstPaintCopy, firstPaintKey } from './first-paint-copy';
import { readFirstPaintCopy, saveFirstPaintCopy } from './page-copy';

const PATIENT: SessionUser = { id: 'patient-000001', role: 'patient', phone: '+79001234567', name: 'Анна' };
const OTHER: SessionUser = { id: 'patient-000002', role: 'patient', phone: '+79001234568', name: 'Борис' };
const anything = (value: unknown): value is unknown => value !== undefined;

describe('saveFirstPaintCopy: only the person signed in on this device', () => {
  afterEach(() => new SessionStore().clear());

  it('keeps the copy of the person signed in here', () => {
    new SessionStore().save(PATIENT);
    saveFirstPaintCopy('test.page', PATIENT.id, { n: 1 }, '/consultations');
    expect(readFirstPaintCopy('test.page', PATIENT.id, anything)).toEqual({ n: 1 });
    expect(drawsFromFirstPaintCopy('/consultations', PATIENT.id)).toBeTrue();
  });

  it('writes nothing for a person not signed in here: nobody, someone else, or signed out meanwhile (another tab’s wipe stays a wipe)', () => {
    saveFirstPaintCopy('test.page', PATIENT.id, { n: 1 }, '/consultations');
    new SessionStore().save(OTHER);
    saveFirstPaintCopy('test.page', PATIENT.id, { n: 2 }, '/consultations');
    expect(localStorage.getItem(firstPaintKey('test.page', PATIENT.id))).toBeNull();
    expect(drawsFromFirstPaintCopy('/consultations', PATIENT.id)).toBeFalse();

    new SessionStore().save(PATIENT);
    saveFirstPaintCopy('test.page', PATIENT.id, { n: 3 });
    // Another tab signs out: the session and every copy go, this tab has not heard of it yet.
    new SessionStore().clear();
    saveFirstPaintCopy('test.page', PATIENT.id, { n: 4 }, '/consultations');
    expect(localStorage.getItem(firstPaintKey('test.page', PATIENT.id))).toBeNull();
    expect(drawsFromFirstPaintCopy('/consultations', PATIENT.id)).toBeFalse();
  });
});
