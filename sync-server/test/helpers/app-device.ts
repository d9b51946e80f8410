import 'fake-indexeddb/auto';
import type { RxCollection } from 'rxdb';
import type { CollectionDefinition, Role } from '@oblako/domain';
import { openUserDatabase, removeUserDatabase, type UserDatabase } from '../../../pwa/src/app/core/db/user-database';
import { replicateCollection, type CollectionReplication } from '../../../pwa/src/app/core/replication/collection-replication';
import type { Fetch } from '../../../pwa/src/app/core/replication/couch-push';
import { LongpollHub } from '../../../pwa/src/app/core/replication/longpoll-hub';
import { readableBy, writableBy } from '../../../pwa/src/app/core/replication/reach';
import { startTestServer, type TestAccount, type TestServer } from './test-server';

type Doc = Record<string, unknown>;

/**
 * A device as the PWA runs it, in Node (its paged storage on fake-indexeddb): the app's own per-user
 * database (openUserDatabase: the app's conflict handlers, notices, known revisions) and the
 * app's replication (replicateCollection, one LongpollHub) of every collection the role can
 * read — pull-only where it cannot write — against the real server.
 */
export interface AppDevice {
  user: UserDatabase;
  collections: Record<string, RxCollection<Doc>>;
  states: Record<string, CollectionReplication>;
  hub: LongpollHub;
  errors: unknown[];
  /** Stops syncing and closes the database; `keep` leaves it on the device (an app closed, not signed out). */
  close(options?: { keep?: boolean }): Promise<void>;
}

export interface AppDeviceOptions {
  definitions: readonly CollectionDefinition[];
  role: Role;
  accessToken: string;
  /** Wraps the device's network (delays, offline spells); gets the authorised fetch. */
  network?: (fetch: Fetch) => Fetch;
  retryTime?: number;
  /** The device's database name: the same name opens what an earlier run left (a restarted app). */
  name?: string;
  /** False: return as soon as the replications start, without waiting for their first sync. */
  awaitInitial?: boolean;
}

let devices = 0;

export async function openAppDevice(server: TestServer, options: AppDeviceOptions): Promise<AppDevice> {
  const name = options.name ?? `app-device-${process.pid}-${++devices}`;
  const user = await openUserDatabase(name, options.definitions);
  const authorised: Fetch = (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${options.accessToken}`);
    return fetch(input, { ...init, headers });
  };
  const network = options.network ? options.network(authorised) : authorised;
  const hub = new LongpollHub({ url: `${server.baseUrl}/sync/_changes`, fetch: network });
  const errors: unknown[] = [];
  const collections: Record<string, RxCollection<Doc>> = {};
  const states: Record<string, CollectionReplication> = {};
  for (const definition of options.definitions) {
    const collection = user.db.collections[definition.name] as RxCollection<Doc>;
    collections[definition.name] = collection;
    if (!readableBy(definition, options.role)) continue;
    const state = replicateCollection({
      collection,
      serverUrl: server.baseUrl,
      fetch: network,
      hub,
      rejections: user.rejections,
      knownRevisions: user.knownRevisions,
      unansweredWrites: user.unansweredWrites,
      editBases: user.editBases,
      onRejected: ({ collection: c, docId, reason, fields }) => user.notices.record({ kind: 'rejected', collection: c, docId, reason, fields }),
      push: writableBy(definition, options.role),
      waitForLeadership: false,
      retryTime: options.retryTime ?? 500,
    });
    state.error$.subscribe((error) => errors.push(error));
    states[definition.name] = state;
  }
  if (options.awaitInitial !== false) await Promise.all(Object.values(states).map((state) => state.awaitInitialReplication()));
  return {
    user,
    collections,
    states,
    hub,
    errors,
    async close({ keep = false } = {}) {
      await Promise.all(Object.values(states).map((state) => state.cancel()));
      hub.close();
      await user.db.close();
      if (!keep) await removeUserDatabase(name).catch(() => undefined);
    },
  };
}

/** A real server with one patient; the devices a test opens (pushed to `devices`) close with it. */
export interface PatientLab {
  server: TestServer;
  patient: TestAccount;
  devices: AppDevice[];
  close(): Promise<void>;
}

export async function startPatientLab(): Promise<PatientLab> {
  const server = await startTestServer();
  const patient = await server.createAccount('patient', { name: 'Мария Иванова' });
  const devices: AppDevice[] = [];
  return {
    server,
    patient,
    devices,
    async close() {
      for (const device of devices) await device.close();
      // Node's fetch keeps connections it opened for longpolls the hub aborted before sending them;
      // the server counts them as busy (no request yet) and would wait for its headers timeout.
      server.app.server.closeAllConnections();
      await server.close();
    },
  };
}

/** A patient lab with a second patient (whose data must never show up) and a doctor. */
export interface CareLab extends PatientLab {
  other: TestAccount;
  doctor: TestAccount;
  /** Signs the account in and opens a device with `openDevice`; it closes with the lab. */
  open<D extends AppDevice>(account: TestAccount, openDevice: (server: TestServer, accessToken: string, role: 'patient' | 'doctor') => Promise<D>): Promise<D>;
}

export async function startCareLab(): Promise<CareLab> {
  const lab = await startPatientLab();
  const [other, doctor] = await Promise.all([lab.server.createAccount('patient', { name: 'Олег Смирнов' }), lab.server.createAccount('doctor')]);
  return {
    ...lab,
    other,
    doctor,
    async open(account, openDevice) {
      const { accessToken } = await lab.server.signIn(account.phone, account.password);
      const device = await openDevice(lab.server, accessToken, account.user.role as 'patient' | 'doctor');
      lab.devices.push(device);
      return device;
    },
  };
}
