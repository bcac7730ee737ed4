/**
 * Using a pooled PostgreSQL connection without letting a server that goes away
 * end the process ([S7]). pg emits 'error' on a client whose connection breaks
 * (a restart, a failover, a reset). The pool listens on the clients it holds
 * idle, and `pool.query` on the one it lends itself, but a client checked out
 * with `pool.connect()` has no listener at all: Node throws an 'error' event
 * nobody listens to, and every instance with a transaction open — a compaction
 * queued on its room's advisory lock, say — exits at once.
 */
import type pg from 'pg';

/**
 * Runs `work` on a client checked out of `pool`. A connection error while it is
 * checked out is caught (the query in flight rejects with it anyway), and a
 * client whose work failed is handed back as broken, so the pool drops it
 * instead of lending it again.
 */
export async function withPooledClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => (broken ??= error);
  client.on('error', onError);
  try {
    return await work(client);
  } catch (error) {
    // Whatever failed, a fresh connection is cheap next to one left in an unknown state.
    broken ??= error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    // release() puts the pool's idle listener back before ours goes: never a moment without one.
    client.release(broken);
    client.off('error', onError);
  }
}

/** SQLSTATE classes and codes that mean "the server cannot serve you now", not "your query is wrong". */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0[1-4]|25006$)/;
/** Socket-level failures reaching or talking to the server. */
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** What pg and pg-pool throw, without a code, when a connection ends or cannot be had in time. */
const UNAVAILABLE_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated due to connection timeout)/;

/**
 * Whether `error` means PostgreSQL is unreachable or refusing work (down,
 * restarting, read-only after a failover, out of connections or disk), as
 * opposed to a failure of this particular query or row.
 */
export function isPostgresUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
  return UNAVAILABLE_MESSAGE.test(error.message);
}
