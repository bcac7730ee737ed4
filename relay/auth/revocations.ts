/**
 * Revoked token ids, in `<data>/auth.sqlite`. A file of its own rather than a
 * table in the document store: `relay revoke` writes it while the relay runs
 * (WAL lets the two processes share it), and it stays on local disk whatever
 * backend holds the documents.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export const AUTH_DB_FILE_NAME = 'auth.sqlite';

/**
 * What the relay consults at every upgrade and periodic check ([R15], [R16]):
 * synchronous, so neither waits on I/O. The scaled-out list lives in
 * `shared-revocations.ts` ([S8]).
 */
export interface RevocationCheck {
  isRevoked(tokenId: string): boolean;
  /** Called when ids were revoked elsewhere, so open connections are checked at once instead of at the next sweep. */
  onRevoked?(listener: () => void): void;
  close(): void | Promise<void>;
}

/** A list this process writes itself. */
export interface RevocationList extends RevocationCheck {
  /** Returns false if the id was already revoked. */
  revoke(tokenId: string, now?: number): boolean;
  close(): void;
}

export class SqliteRevocationList implements RevocationList {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string], { one: number }>;
  private readonly insert: Database.Statement<[string, number]>;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.path = join(dataDir, AUTH_DB_FILE_NAME);
    this.db = new Database(this.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS revoked_tokens (jti TEXT PRIMARY KEY, revoked_at INTEGER NOT NULL) WITHOUT ROWID');
    // A primary-key lookup: cheap enough for every upgrade and every periodic check.
    this.select = this.db.prepare('SELECT 1 AS one FROM revoked_tokens WHERE jti = ?');
    this.insert = this.db.prepare('INSERT OR IGNORE INTO revoked_tokens (jti, revoked_at) VALUES (?, ?)');
  }

  isRevoked(tokenId: string): boolean {
    return this.select.get(tokenId) !== undefined;
  }

  revoke(tokenId: string, now = Date.now()): boolean {
    return this.insert.run(tokenId, now).changes > 0;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** For tests and embedders that keep no files. */
export class MemoryRevocationList implements RevocationList {
  readonly ids = new Set<string>();

  isRevoked(tokenId: string): boolean {
    return this.ids.has(tokenId);
  }

  revoke(tokenId: string): boolean {
    if (this.ids.has(tokenId)) return false;
    this.ids.add(tokenId);
    return true;
  }

  close(): void {}
}
