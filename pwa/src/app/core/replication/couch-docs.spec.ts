import { fromCouch } from './couch-docs';

/** A server document as the device stores it (the pull and the first sync convert every one). */
describe('fromCouch', () => {
  it('keeps every field and the server revision, puts the id under the primary key, drops attachments', () => {
    const doc = fromCouch('id', { _id: 'p1:r1', _rev: '3-abc', patientId: 'p1', note: 'Анализ', files: [{ fileId: 'f1' }], _attachments: { a: {} } } as never);
    expect(doc).toEqual({ id: 'p1:r1', _rev: '3-abc', patientId: 'p1', note: 'Анализ', files: [{ fileId: 'f1' }], _deleted: false } as never);
  });

  it('keeps a primary key field the document has, and marks a tombstone deleted', () => {
    expect(fromCouch('id', { _id: 'x', id: 'own', _rev: '1-a' } as never)['id']).toBe('own');
    expect(fromCouch('id', { _id: 'x', _rev: '2-b', _deleted: true } as never)).toEqual({ id: 'x', _rev: '2-b', _deleted: true } as never);
  });

  it('never takes a "__proto__" field as the copy\'s prototype', () => {
    const doc = fromCouch('id', JSON.parse('{"_id":"x","_rev":"1-a","__proto__":{"polluted":true}}'));
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect((doc as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
