export type { AnyDocStore, AsyncDocStore, DocStore, RemoteUpdateListener, StoredUpdate } from './types';
export { isAsyncStore } from './types';
export { JOURNAL_FILE_NAME, SQLITE_FILE_NAME, SqliteDocStore, openSqliteStore } from './sqlite';
// cluster.ts (PostgreSQL and Redis) is imported from its own path, with import() where the
// relay may run without it: a value re-exported here would load it with every relay.
export type { ClusterStoreOptions } from './cluster';
export type { Backend, BackendState, SharedOutages, StoreHealth } from './outage';
export { BackendUnavailableError } from './outage';
