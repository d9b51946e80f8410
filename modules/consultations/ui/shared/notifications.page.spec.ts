import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { Store } from '@ngrx/store';
import type { SessionUser } from '@oblako/domain';
import { NavBadges, TranslationService } from '@oblako/shell-kit';
import { DataLayer } from '../../../../pwa/src/app/core/db/data-layer.service';
import { databaseName, removeUserDatabase } from '../../../../pwa/src/app/core/db/user-database';
import { sessionActions } from '../../../../pwa/src/app/core/session/session.actions';
import type { ConsultationNotification } from '../../schema';
import { UNREAD_BADGE, UnreadBadge } from './background';
import { NotificationsPage } from './notifications.page';
import { consultationsTestProviders, insertLocal, until } from './testing';

const PATIENT_ID = 'aaaaaaaa-0000-4000-8000-0000000000a1';
const CONSULTATION_ID = `${PATIENT_ID}:consultation-1`;

function notification(local: string, fields: Partial<ConsultationNotification>): ConsultationNotification {
  return {
    id: `${PATIENT_ID}:notice-${local}`,
    recipientId: PATIENT_ID,
    kind: 'scheduled',
    consultationId: CONSULTATION_ID,
    patientId: PATIENT_ID,
    createdAt: '2026-11-20T10:00:00.000Z',
    ...fields,
  };
}

describe('NotificationsPage («Уведомления») and the unread badge', () => {
  const patient: SessionUser = { id: PATIENT_ID, role: 'patient', phone: '+79000000001', name: 'Иванова Анна' };
  let layer: DataLayer;
  let fixture: ComponentFixture<NotificationsPage> | undefined;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: consultationsTestProviders(patient, true) });
    TestBed.inject(TranslationService).use('ru');
    layer = TestBed.inject(DataLayer);
    await layer.open(patient);
    await insertLocal(layer, 'profiles', {
      id: `${PATIENT_ID}:profile`, patientId: PATIENT_ID, fullName: 'Иванова Анна', birthDate: '1980-01-01', region: 'Приморский край',
      timeZone: 'Asia/Vladivostok', contactPhone: '', updatedAt: '2026-11-01T00:00:00.000Z',
    });
  });

  afterEach(async () => {
    fixture?.destroy();
    fixture = undefined;
    TestBed.inject(Store).dispatch(sessionActions.signedOut());
    await new Promise((resolve) => setTimeout(resolve, 50));
    await layer.close();
    await removeUserDatabase(databaseName(patient.id));
  });

  it('publishes the number of own unread notifications under consultations.unread, live', async () => {
    const count = TestBed.inject(NavBadges).count(UNREAD_BADGE);
    TestBed.inject(UnreadBadge).start();
    await insertLocal(layer, 'notifications', notification('1', { slot: { start: '2026-12-08T07:00:00.000Z', end: '2026-12-08T07:30:00.000Z' } }));
    await insertLocal(layer, 'notifications', notification('2', { kind: 'documents_requested', text: 'Нужна выписка', createdAt: '2026-11-21T10:00:00.000Z' }));
    await insertLocal(layer, 'notifications', notification('3', { kind: 'rescheduled', readAt: '2026-11-22T00:00:00.000Z', createdAt: '2026-11-19T10:00:00.000Z' }));
    await until(() => count() === 2, 'two unread');
    const db = (await layer.database()).db;
    await db.collections['notifications']!.findOne(`${PATIENT_ID}:notice-1`).incrementalPatch({ readAt: '2026-11-23T00:00:00.000Z' });
    await until(() => count() === 1, 'one unread after reading one');
  });

  it('lists newest first, highlights unread, renders the text in the reader’s zone, and marks all as read', async () => {
    await insertLocal(layer, 'notifications', notification('old', { kind: 'cancelled_by_doctor', text: 'Болезнь врача', readAt: '2026-11-22T00:00:00.000Z', createdAt: '2026-11-18T10:00:00.000Z', slot: { start: '2026-12-01T07:00:00.000Z', end: '2026-12-01T07:30:00.000Z' } }));
    await insertLocal(layer, 'notifications', notification('new', { kind: 'scheduled', createdAt: '2026-11-21T10:00:00.000Z', slot: { start: '2026-12-08T07:00:00.000Z', end: '2026-12-08T07:30:00.000Z' }, specialty: 'cardiology', doctorName: 'Смирнов А. В.' }));
    fixture = TestBed.createComponent(NotificationsPage);
    fixture.autoDetectChanges();
    const page = fixture.nativeElement as HTMLElement;
    const items = () => [...page.querySelectorAll('[data-testid="notification"]')];
    await until(() => items().length === 2 && (items()[0]?.textContent ?? '').includes('Владивосток'), 'two notifications in the patient’s zone');

    const [first, second] = items();
    expect(first!.getAttribute('data-kind')).toBe('scheduled');
    expect(first!.getAttribute('data-unread')).toBe('true');
    expect(first!.querySelector('[data-testid="notification-text"]')?.textContent).toContain('8 декабря 2026, 17:00–17:30 (Владивосток, UTC+10)');
    expect(first!.textContent).toContain('Кардиология · Смирнов А. В.');
    expect(first!.querySelector('time')?.textContent).toContain('21 ноября 2026, 20:00 (Владивосток, UTC+10)');
    // «Открыть» opens that consultation (outlined in «Консультации»), not just the list.
    expect(first!.querySelector('[data-testid="notification-link"]')?.getAttribute('href')).toBe(`/consultations?c=${CONSULTATION_ID}`);
    expect(first!.querySelector('[data-testid="notification-superseded"]')).toBeNull();
    expect(second!.getAttribute('data-kind')).toBe('cancelled_by_doctor');
    expect(second!.getAttribute('data-unread')).toBe('false');
    expect(second!.textContent).toContain('Болезнь врача');
    // The later booking of the same consultation made the earlier cancellation wrong.
    expect(second!.getAttribute('data-superseded')).toBe('true');
    expect(second!.querySelector('[data-testid="notification-superseded"]')?.textContent?.trim()).toBe('заменено');

    (page.querySelector('[data-testid="mark-all-read"]') as HTMLButtonElement).click();
    await until(() => items().every((item) => item.getAttribute('data-unread') === 'false'), 'all read');
    const db = (await layer.database()).db;
    const stored = (await db.collections['notifications']!.findOne(`${PATIENT_ID}:notice-new`).exec())!.toJSON() as unknown as ConsultationNotification;
    expect(stored.readAt).toBeDefined();
    expect(stored.kind).toBe('scheduled');
    expect(page.querySelector('[data-testid="mark-all-read"]')).toBeNull();
  });
});
