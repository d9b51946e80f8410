import { TEST_PROFILES } from '../replication/testing/fake-couch';
import { DOCUMENTS_COLLECTION } from '../../../../../modules/documents/index';
import { openUserDatabase, removeUserDatabase } from './user-database';

describe('user database', () => {
  it('is wiped from the device completely, notices included', async () => {
    const name = `test-wipe-${crypto.randomUUID()}`;
    const user = await openUserDatabase(name, [TEST_PROFILES]);
    await user.db.collections['profiles']!.insert({ id: 'p1:profile', patientId: 'p1', fullName: 'Иванов', region: 'Томская область', updatedAt: new Date().toISOString() });
    await user.notices.record({ kind: 'conflict', collection: 'profiles', docId: 'p1:profile', fields: [{ field: 'region', local: 'А', remote: 'Б' }] });
    await user.pending.add('profiles', 'p1:profile');
    const names = async () => (await indexedDB.databases()).map((db) => db.name ?? '').filter((n) => n.includes(name));
    expect((await names()).length).toBeGreaterThan(0);
    await user.db.close();
    await removeUserDatabase(name);
    expect(await names()).toEqual([]);
  });

  it('keeps pending changes and notices across a reopen (offline restarts)', async () => {
    const name = `test-reopen-${crypto.randomUUID()}`;
    let user = await openUserDatabase(name, [TEST_PROFILES]);
    await user.pending.add('profiles', 'p1:profile');
    await user.pending.add('profiles', 'p1:profile');
    await user.db.close();
    user = await openUserDatabase(name, [TEST_PROFILES]);
    expect(await user.pending.ids('profiles')).toEqual(['p1:profile']);
    await user.pending.settle('profiles', ['p1:profile']);
    expect(await user.pending.ids('profiles')).toEqual([]);
    await user.db.close();
    await removeUserDatabase(name);
  });

  it('keeps documents stored under an older schema version when the app is updated', async () => {
    const name = `test-migrate-${crypto.randomUUID()}`;
    const older = { ...DOCUMENTS_COLLECTION, schema: { ...DOCUMENTS_COLLECTION.schema, version: 0 }, migrations: undefined };
    const stored = {
      id: 'p1:doc-1', patientId: 'p1', type: 'mri', date: '2026-11-01', note: 'МРТ', createdAt: '2026-11-01T10:00:00.000Z', updatedAt: '2026-11-01T10:00:00.000Z',
      files: [{ fileId: 'file-0001', name: 'мрт.dcm', size: 10, mime: 'application/dicom', sha256: 'a'.repeat(64) }],
    };
    let user = await openUserDatabase(name, [older]);
    await user.db.collections['documents']!.insert(stored);
    await user.db.close();

    user = await openUserDatabase(name, [DOCUMENTS_COLLECTION]);
    const found = await user.db.collections['documents']!.findOne('p1:doc-1').exec();
    expect(found?.toJSON()).toEqual(jasmine.objectContaining({ type: 'mri', note: 'МРТ' }));
    expect(DOCUMENTS_COLLECTION.schema.version).toBeGreaterThan(0);
    await user.db.close();
    await removeUserDatabase(name);
  });
});
