/**
 * An init script for a bench page that records every IndexedDB transaction the app opens and
 * every read that returns many rows (getAll / getAllKeys / count / a cursor), with the database,
 * the stores, the mode and the times (performance.now()): what else reads and writes IndexedDB
 * while the first sync stores its pages (profile-app.ts prints a summary). Bench only.
 */
export const IDB_TRACE = `(() => {
  const log = (window.__idbTrace = []);
  // The main thread's long tasks beside them: is a slow transaction the backend or a busy page?
  const longTasks = (window.__longTasks = []);
  try { new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true }); } catch {}
  const dbName = (tx) => { try { return tx.db.name.replace(/^rxdb-dexie-oblako-[^-]+(-[^-]+)*?--\\d+--/, ''); } catch { return '?'; } };
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (stores, mode, options) {
    const tx = transaction.call(this, stores, mode, options);
    const entry = { kind: 'tx', db: this.name, stores: [].concat(stores).join(','), mode: mode || 'readonly', start: performance.now(), end: 0, rows: 0 };
    log.push(entry);
    const done = () => { entry.end = performance.now(); };
    tx.addEventListener('complete', done);
    tx.addEventListener('abort', done);
    tx.addEventListener('error', done);
    tx.__traceEntry = entry;
    return tx;
  };
  const countRows = (proto, method) => {
    const original = proto[method];
    if (!original) return;
    proto[method] = function (...args) {
      const request = original.apply(this, args);
      const tx = this.transaction || (this.objectStore && this.objectStore.transaction);
      const entry = tx && tx.__traceEntry;
      if (entry) request.addEventListener('success', () => {
        const result = request.result;
        if (Array.isArray(result)) entry.rows += result.length;
        else if (typeof result === 'number' && method === 'count') entry.rows += 0;
        if (method === 'openCursor' && result) entry.rows += 1;
      });
      return request;
    };
  };
  for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype]) {
    for (const method of ['getAll', 'getAllKeys', 'openCursor', 'count', 'get']) countRows(proto, method);
  }
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (name, version) {
    const request = open.call(this, name, version);
    const entry = { kind: 'open', db: name, stores: '', mode: 'open', start: performance.now(), end: 0, rows: 0 };
    log.push(entry);
    request.addEventListener('success', () => { entry.end = performance.now(); });
    request.addEventListener('upgradeneeded', () => { entry.mode = 'open+create'; });
    return request;
  };
})();`;
