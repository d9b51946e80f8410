/**
 * A full disk as the browser reports it: IndexedDB's `add` and `put` throw QuotaExceededError
 * (as e2e/support/full-disk.ts does in the e2e tests), until the returned function gives the
 * room back. Reads and deletes still work, as they do on a full phone.
 */
export function fillTheDisk(): () => void {
  const store = IDBObjectStore.prototype;
  const { add, put } = store;
  const refuse = () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
  store.add = refuse;
  store.put = refuse;
  return () => {
    store.add = add;
    store.put = put;
  };
}
