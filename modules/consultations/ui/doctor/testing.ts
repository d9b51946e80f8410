import type { EnvironmentProviders, Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Store } from '@ngrx/store';
import type { Consultation, SessionUser } from '@oblako/domain';
import { MODULES } from '@oblako/modules';
import { ApiClient, provideModuleTranslations } from '@oblako/shell-kit';
import type { RxCollection } from 'rxdb';
import { DataLayer } from '../../../../pwa/src/app/core/db/data-layer.service';
import { databaseName, removeUserDatabase } from '../../../../pwa/src/app/core/db/user-database';
import { sessionActions } from '../../../../pwa/src/app/core/session/session.actions';
import { signedInTestProviders } from '../../../../pwa/src/app/kit/testing';
import { consultationsModule, consultationsTranslations } from '../../index';

export { until } from '../../../../pwa/src/app/kit/testing';

/** Test set-up of the doctor's pages (specs only, never imported by the pages). */

/** The API as a spy object: HTTP is the only thing mocked, the local database is real. */
export type ApiSpy = jasmine.SpyObj<ApiClient>;

export function doctorTestProviders(user: SessionUser, online: boolean, api: ApiSpy): (Provider | EnvironmentProviders)[] {
  const modules = MODULES.some((m) => m.id === consultationsModule.id) ? MODULES : [...MODULES, consultationsModule];
  return [
    ...signedInTestProviders(user, online, { router: true, modules }),
    provideModuleTranslations(consultationsTranslations),
    { provide: ApiClient, useValue: api },
  ];
}

export function apiSpy(): ApiSpy {
  return jasmine.createSpyObj<ApiClient>('ApiClient', ['get', 'post']);
}

/** Opens the person's real local database (Dexie/IndexedDB in the browser). */
export async function openDatabase(user: SessionUser): Promise<DataLayer> {
  const layer = TestBed.inject(DataLayer);
  await layer.open(user);
  return layer;
}

export async function closeDatabase(layer: DataLayer, user: SessionUser): Promise<void> {
  TestBed.inject(Store).dispatch(sessionActions.signedOut());
  await new Promise((resolve) => setTimeout(resolve, 20));
  await layer.close();
  await removeUserDatabase(databaseName(user.id));
}

/** Puts documents straight into a local collection, as replication would. */
export async function seed(layer: DataLayer, collection: string, docs: readonly object[]): Promise<void> {
  const database = await layer.database();
  const target = database.db.collections[collection] as RxCollection<Record<string, unknown>> | undefined;
  if (!target) throw new Error(`no collection ${collection} in this test database`);
  await target.bulkUpsert(docs as Record<string, unknown>[]);
}

/** A consultation taken by `doctorId` (optionally already scheduled), valid for the state machine. */
export function takenConsultation(patientId: string, doctorId: string, local: string, at: Date): Consultation {
  const t = (minutes: number) => new Date(at.getTime() + minutes * 60_000).toISOString();
  return {
    id: `${patientId}:consultation-${local}`,
    patientId,
    specialty: 'cardiology',
    status: 'taken',
    createdAt: t(0),
    updatedAt: t(2),
    readyAt: t(1),
    doctorId,
    takenAt: t(2),
    history: [
      { transition: 'open', actorId: patientId, role: 'patient', at: t(0) },
      { transition: 'documents_ready', actorId: 'system', role: 'system', at: t(1) },
      { transition: 'take', actorId: doctorId, role: 'doctor', at: t(2) },
    ],
  };
}

/** The same consultation booked into `slot`. */
export function scheduledConsultation(base: Consultation, slot: { start: string; end: string }, at: Date): Consultation {
  const stamp = at.toISOString();
  return {
    ...base,
    status: 'scheduled',
    slot,
    bookedAt: stamp,
    firstScheduledAt: stamp,
    updatedAt: stamp,
    history: [...base.history, { transition: 'schedule', actorId: base.doctorId!, role: 'doctor', at: stamp }],
  };
}

/** The documents that make a patient ready (conclusion + one examination, both verified). */
export function readyDocuments(patientId: string, at: Date): { documents: object[]; files: object[] } {
  const stamp = at.toISOString();
  const documents = ['conclusion', 'mri'].map((type) => ({
    id: `${patientId}:doc-${type}`,
    patientId,
    type,
    date: stamp.slice(0, 10),
    note: '',
    files: [{ fileId: `file-${type}-0001`, name: `${type}.pdf`, size: 100, mime: 'application/pdf', sha256: 'a'.repeat(64) }],
    createdAt: stamp,
    updatedAt: stamp,
  }));
  const files = ['conclusion', 'mri'].map((type) => ({
    id: `${patientId}:file-${type}-0001`,
    patientId,
    documentId: `${patientId}:doc-${type}`,
    fileId: `file-${type}-0001`,
    status: 'uploaded',
    name: `${type}.pdf`,
    size: 100,
    mime: 'application/pdf',
    sha256: 'a'.repeat(64),
    checkedAt: stamp,
  }));
  return { documents, files };
}

export function profileOf(patientId: string, fullName: string, timeZone: string): object {
  return {
    id: `${patientId}:profile`,
    patientId,
    fullName,
    birthDate: '1970-05-01',
    region: 'Приморский край',
    timeZone,
    contactPhone: '',
    updatedAt: new Date().toISOString(),
  };
}

/** Every day 09:00–18:00 Moscow, 30-minute slots. */
export function moscowSettings(doctorId: string): object {
  const day = [{ start: '09:00', end: '18:00' }];
  return {
    id: `${doctorId}:settings`,
    doctorId,
    timeZone: 'Europe/Moscow',
    slotMinutes: 30,
    week: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    daysOff: [],
    specialties: ['cardiology'],
    updatedAt: new Date().toISOString(),
  };
}
