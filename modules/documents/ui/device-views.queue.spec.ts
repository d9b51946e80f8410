import { TestBed } from '@angular/core/testing';
import { Store } from '@ngrx/store';
import type { SessionUser } from '@oblako/domain';
import { ApiCallError, ApiClient } from '@oblako/shell-kit';
import { Dexie } from 'dexie';
import { connectivityActions } from '../../../pwa/src/app/core/connectivity/connectivity.actions';
import { DeviceViews, deviceViewsStoreName } from './device-views.queue';
import { documentsTestProviders, until } from './testing';

/** The server's audit endpoint, as a stand-in for the shell's ApiClient: answers per file id. */
class FakeAudit {
  readonly received: { url: string; body: { patientId: string; fileId: string; viewedAt: string } }[] = [];
  /** fileId → the error the server answers for it. */
  readonly refuse = new Map<string, ApiCallError>();
  online = true;

  post = async (url: string, body: { patientId: string; fileId: string; viewedAt: string }) => {
    if (!this.online) throw new ApiCallError(0, 'network', 'offline');
    const refusal = this.refuse.get(body.fileId);
    if (refusal) throw refusal;
    this.received.push({ url, body });
    return undefined;
  };
}

/** Real IndexedDB (Dexie); only the HTTP server is a stand-in. */
describe('DeviceViews (views of offline copies reach the audit later)', () => {
  let user: SessionUser;
  let server: FakeAudit;

  function setUp(who: SessionUser, online: boolean): DeviceViews {
    user = who;
    server = new FakeAudit();
    server.online = online;
    TestBed.configureTestingModule({ providers: [...documentsTestProviders(who, online), { provide: ApiClient, useValue: server }] });
    const views = TestBed.inject(DeviceViews);
    views.start();
    return views;
  }

  const goOnline = () => {
    server.online = true;
    TestBed.inject(Store).dispatch(connectivityActions.wentOnline());
  };

  afterEach(async () => {
    await Dexie.delete(deviceViewsStoreName(user.id));
  });

  const doctor = (): SessionUser => ({ id: `doctor-${crypto.randomUUID()}`, role: 'doctor', phone: '+79000000003', name: 'Иванова Анна Петровна' });

  it('keeps views made offline (one per file within minutes) and sends them, oldest first, once online', async () => {
    const views = setUp(doctor(), false);
    const start = Date.now() - 60 * 60_000;
    await views.record('patient-1', 'file-a', new Date(start));
    await views.record('patient-1', 'file-a', new Date(start + 60_000)); // the same view: opened again a minute later
    await views.record('patient-1', 'file-b', new Date(start + 120_000));
    await views.record('patient-1', 'file-a', new Date(start + 30 * 60_000)); // half an hour later: a new view
    expect((await views.pending()).map((view) => view.fileId)).toEqual(['file-a', 'file-b', 'file-a']);
    expect(server.received).toEqual([]);

    goOnline();
    await until(async () => (await views.pending()).length === 0, 'all sent');
    expect(server.received.map((call) => call.url)).toEqual(['/api/audit/device-views', '/api/audit/device-views', '/api/audit/device-views']);
    expect(server.received.map((call) => call.body)).toEqual([
      { patientId: 'patient-1', fileId: 'file-a', viewedAt: new Date(start).toISOString() },
      { patientId: 'patient-1', fileId: 'file-b', viewedAt: new Date(start + 120_000).toISOString() },
      { patientId: 'patient-1', fileId: 'file-a', viewedAt: new Date(start + 30 * 60_000).toISOString() },
    ]);
  });

  it('online, a view is sent at once; one the server refuses for good is dropped, one that did not get through stays', async () => {
    const views = setUp(doctor(), true);
    server.refuse.set('not-mine', new ApiCallError(403, 'forbidden', 'Недостаточно прав.'));
    await views.record('patient-1', 'not-mine');
    await views.record('patient-1', 'mine');
    await until(async () => (await views.pending()).length === 0, 'the refused one dropped, the other sent');
    expect(server.received.map((call) => call.body.fileId)).toEqual(['mine']);

    server.refuse.set('later', new ApiCallError(503, 'unavailable', 'Сервер недоступен.'));
    await views.record('patient-1', 'later');
    expect((await views.pending()).map((view) => view.fileId)).toEqual(['later']);
    server.refuse.delete('later');
    await views.flush();
    expect((await views.pending()).length).toBe(0);
    expect(server.received.map((call) => call.body.fileId)).toEqual(['mine', 'later']);
  });

  it('survives a reload: what was queued is sent by the next start', async () => {
    const who = doctor();
    const first = setUp(who, false);
    await first.record('patient-2', 'file-x');
    TestBed.resetTestingModule();
    const second = setUp(who, true);
    await until(async () => server.received.length === 1, 'the queued view sent after the reload');
    expect(server.received[0]!.body).toEqual(jasmine.objectContaining({ patientId: 'patient-2', fileId: 'file-x' }));
    expect((await second.pending()).length).toBe(0);
  });

  it('drops views older than 30 days without sending them', async () => {
    const views = setUp(doctor(), false);
    await views.record('patient-1', 'ancient', new Date(Date.now() - 31 * 86_400_000));
    goOnline();
    await until(async () => (await views.pending()).length === 0, 'the old view dropped');
    expect(server.received).toEqual([]);
  });

  it('queues nothing for a patient (their own views are not audited)', async () => {
    const views = setUp({ id: `patient-${crypto.randomUUID()}`, role: 'patient', phone: '+79000000001', name: 'Соколова Мария Ивановна' }, true);
    await views.record('x', 'own-file');
    expect(await views.pending()).toEqual([]);
    expect(server.received).toEqual([]);
  });
});
