export type { AnyDocStore, AsyncDocStore, DocStore, RemoteUpdateListener, StoredUpdate } from './types';
export { isAsyncStore } from './types';
export { JOURNAL_FILE_NAME, SQLITE_FILE_NAME, SqliteDocStore, openSqliteStore } from './sqlite';
export type { ClusterStoreOptions } from './cluster';
export { ClusterDocStore, openClusterStore } from './cluster';
export type { Backend, BackendState, SharedOutages, StoreHealth } from './outage';
export { BackendUnavailableError } from './outage';
