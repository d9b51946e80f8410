// express-pouchdb ships no types; tests use it only as a stand-in CouchDB HTTP endpoint.
declare module 'express-pouchdb' {
  import type { RequestListener } from 'node:http';
  function expressPouchDB(PouchDB: unknown, options?: { mode?: 'fullCouchDB' | 'minimumForPouchDB' | 'custom'; inMemoryConfig?: boolean }): RequestListener;
  export default expressPouchDB;
}
