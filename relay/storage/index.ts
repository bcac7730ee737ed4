export type { DocStore, StoredUpdate } from './types';
export { SQLITE_FILE_NAME, SqliteDocStore, openSqliteStore } from './sqlite';
