import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isPostgresUnavailable, withPooledClient } from './pg-connection';

/** A pool lending one client that, like pg's, is an EventEmitter with release(err?). */
function fakePool() {
  const client = Object.assign(new EventEmitter(), { released: [] as unknown[], release: (error?: unknown) => void client.released.push(error) });
  const pool = { connect: () => Promise.resolve(client) } as unknown as pg.Pool;
  return { pool, client };
}

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('withPooledClient', () => {
  it('[S7] a connection that breaks while checked out rejects the work instead of ending the process, and the client is dropped', async () => {
    const { pool, client } = fakePool();
    const lost = new Error('Connection terminated unexpectedly');
    let failQuery: ((error: Error) => void) | undefined;
    const work = withPooledClient(pool, () => new Promise<never>((_, reject) => (failQuery = reject)));
    while (!failQuery) await Promise.resolve();
    // pg emits 'error' from the socket, outside any call of ours: without a listener, emit throws it
    // into the event loop and the process exits. Then the query in flight rejects with it.
    expect(() => client.emit('error', lost)).not.toThrow();
    failQuery(lost);
    await expect(work).rejects.toBe(lost);
    expect(client.released).toEqual([lost]);
    expect(client.listenerCount('error')).toBe(0);
  });

  it('returns a client whose work succeeded to the pool as healthy', async () => {
    const { pool, client } = fakePool();
    await expect(withPooledClient(pool, () => Promise.resolve(7))).resolves.toBe(7);
    expect(client.released).toEqual([undefined]);
  });
});

describe('isPostgresUnavailable', () => {
  it('[S7] is true for a server that is down, restarting, read-only or out of connections', () => {
    expect(isPostgresUnavailable(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isPostgresUnavailable(withCode('read ECONNRESET', 'ECONNRESET'))).toBe(true);
    expect(isPostgresUnavailable(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isPostgresUnavailable(withCode('the database system is starting up', '57P03'))).toBe(true);
    expect(isPostgresUnavailable(withCode('connection failure', '08006'))).toBe(true);
    expect(isPostgresUnavailable(withCode('sorry, too many clients already', '53300'))).toBe(true);
    expect(isPostgresUnavailable(withCode('cannot execute INSERT in a read-only transaction', '25006'))).toBe(true);
    expect(isPostgresUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isPostgresUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('[S7] is false for a failure of the query or the data, which is no outage', () => {
    expect(isPostgresUnavailable(withCode('relation "baton_updates" does not exist', '42P01'))).toBe(false);
    expect(isPostgresUnavailable(withCode('duplicate key value', '23505'))).toBe(false);
    expect(isPostgresUnavailable(withCode('in failed sql transaction', '25P02'))).toBe(false);
    expect(isPostgresUnavailable(new Error('Unexpected end of array'))).toBe(false);
    expect(isPostgresUnavailable('Connection terminated')).toBe(false);
  });
});
