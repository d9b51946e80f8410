import { TEST_PROFILES } from '../replication/testing/fake-couch';
import { PULLED_VERSION_VS_LOCAL_COPY } from './conflict-handler';
import { openUserDatabase, removeUserDatabase, type UserDatabase } from './user-database';

type Doc = Record<string, unknown> & { _deleted: boolean };

describe('conflict handler (real RxDB on IndexedDB)', () => {
  let name: string;
  let user: UserDatabase;
  const id = 'patient-0001:profile';
  const base: Doc = { id, patientId: 'patient-0001', fullName: 'Иванов Иван', region: 'Томская область', updatedAt: '2026-01-01T10:00:00.000Z', _deleted: false };

  beforeEach(async () => {
    name = `test-conflicts-${crypto.randomUUID()}`;
    user = await openUserDatabase(name, [TEST_PROFILES]);
  });

  afterEach(async () => {
    await user.db.close();
    await removeUserDatabase(name);
  });

  const handler = () => user.db.collections['profiles']!.conflictHandler;

  it('treats documents that differ only in storage metadata as equal', () => {
    const withMeta = { ...base, _rev: '3-abc', _meta: { lwt: 1 }, _attachments: {} } as Doc;
    expect(handler().isEqual(base, withMeta, 'test')).toBeTrue();
    expect(handler().isEqual(base, { ...base, region: 'Омская область' }, 'test')).toBeFalse();
  });

  it('a pulled version older than this device’s own confirmed write brings nothing (RxDB writes nothing); newer ones compare by content', () => {
    const mine = { ...base, region: 'Омская область' };
    user.knownRevisions.acknowledge('profiles', id, '5-mine', mine);
    const echo = { ...base, _rev: '4-older' } as Doc;
    expect(handler().isEqual(echo, mine, PULLED_VERSION_VS_LOCAL_COPY)).withContext('stale echo').toBeTrue();
    expect(handler().isEqual({ ...mine, _rev: '5-mine' } as Doc, mine, PULLED_VERSION_VS_LOCAL_COPY)).withContext('own echo').toBeTrue();
    expect(handler().isEqual({ ...base, _rev: '6-other' } as Doc, mine, PULLED_VERSION_VS_LOCAL_COPY)).withContext('newer change').toBeFalse();
    // Only the downstream's "is the pulled version news?" question: elsewhere content decides.
    expect(handler().isEqual(echo, mine, 'upstream-check-if-equal')).toBeFalse();
    expect(handler().isEqual({ ...base, _rev: '4-x', id: 'patient-0002:profile' } as Doc, mine, PULLED_VERSION_VS_LOCAL_COPY)).withContext('another document').toBeFalse();
  });

  it('keeps a local-only change on top of the server version, without a notice', async () => {
    const local = { ...base, fullName: 'Иванов Иван Петрович', updatedAt: '2026-01-02T10:00:00.000Z' };
    const remote = { ...base, region: 'Новосибирская область', updatedAt: '2026-01-01T11:00:00.000Z' };
    const resolved = await handler().resolve({ assumedMasterState: base, newDocumentState: local, realMasterState: remote }, 'test');
    expect(resolved).toEqual({ ...base, fullName: 'Иванов Иван Петрович', region: 'Новосибирская область', updatedAt: '2026-01-02T10:00:00.000Z' });
    expect(await user.notices.list()).toEqual([]);
  });

  it('takes the server value for a field changed on both sides and records a visible notice with the local value', async () => {
    const local = { ...base, region: 'Омская область' };
    const remote = { ...base, region: 'Новосибирская область' };
    const resolved = await handler().resolve({ assumedMasterState: base, newDocumentState: local, realMasterState: remote }, 'test');
    expect(resolved['region']).toBe('Новосибирская область');
    const notices = await user.notices.list();
    expect(notices.length).toBe(1);
    expect(notices[0]).toEqual(jasmine.objectContaining({
      kind: 'conflict',
      collection: 'profiles',
      docId: id,
      fields: [{ field: 'region', local: 'Омская область', remote: 'Новосибирская область' }],
    }));
  });

  it('settles a write the server refused on the server version, once', async () => {
    user.rejections.mark('profiles', id, 'forbidden: invalid region');
    const local = { ...base, region: 'плохое значение' };
    const remote = { ...base };
    expect(await handler().resolve({ assumedMasterState: base, newDocumentState: local, realMasterState: remote }, 'test')).toEqual(remote);
    expect(user.rejections.has('profiles', id)).toBeFalse();
    expect(await user.notices.list()).toEqual([]);
  });

  it('notices survive closing and reopening the database, and can be dismissed', async () => {
    const notice = await user.notices.record({ kind: 'conflict', collection: 'profiles', docId: id, fields: [{ field: 'region', local: 'А', remote: 'Б' }] });
    await user.db.close();
    user = await openUserDatabase(name, [TEST_PROFILES]);
    expect((await user.notices.list()).map((n) => n.id)).toEqual([notice.id]);
    await user.notices.dismiss(notice.id);
    expect(await user.notices.list()).toEqual([]);
  });
});
