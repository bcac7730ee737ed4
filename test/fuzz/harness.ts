/**
 * What the relay fuzz runs share: attacker sockets, honest clients that type
 * tokens and check them, probes of /healthz and /metrics, and the files a
 * failure writes to replay it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { expect } from 'vitest';
import type { RelayProcess, StockClient } from '../helpers';
import { connectStockClient, waitUntil, withTimeout } from '../helpers';
import type { Frame } from './frames';
import { toHex } from './frames';
import type { Rng } from './rng';

export interface SocketRecord {
  lane: number;
  room: string;
  mode: string;
  /** The first frames written on the socket; the relay stops reading at the first bad one. */
  frames: Frame[];
  closeCode?: number;
  closeReason?: string;
}

export interface HonestClient {
  room: string;
  tag: string;
  client: StockClient;
  rng: Rng;
  typed: string[];
  deleted: Set<string>;
  closes: string[];
  timer?: NodeJS.Timeout;
}

export const RECORDED_FRAMES = 256;
/** Close code recorded for a socket we terminated because its close handshake took too long. */
export const TERMINATED = -1;

export function rssMb(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export function tail(text: string, lines = 40): string {
  return text.split('\n').slice(-lines).join('\n');
}

/** Opens a raw socket; resolves with it, or with the HTTP status of a refused upgrade (0 for a network error). */
export function openAttackSocket(url: string, path: string, timeoutMs: number, protocols: string[] = []): Promise<WebSocket | number> {
  const ws = new WebSocket(`${url}/${path}`, protocols);
  ws.on('error', () => {});
  return withTimeout(
    new Promise<WebSocket | number>((resolve) => {
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_req, res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.once('close', () => resolve(0));
    }),
    timeoutMs,
    `attacker upgrade on /${path.slice(0, 60)}`,
  );
}

export function waitForSocketClose(ws: WebSocket, record: SocketRecord): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise<void>((resolve) => {
    // The relay reads through what we queued before it sees our close reply; past this, give up.
    const timer = setTimeout(() => {
      record.closeCode = TERMINATED;
      ws.terminate();
      resolve();
    }, 5_000);
    ws.once('close', (code: number, reason: Buffer) => {
      clearTimeout(timer);
      if (record.closeCode === TERMINATED) return;
      record.closeCode = code;
      record.closeReason = reason.toString();
      resolve();
    });
  });
}

export function nextBoundary(text: string, at: number): number {
  if (at === 0 || text[at - 1] === '>') return at;
  const end = text.indexOf('>', at);
  return end === -1 ? text.length : end + 1;
}

/** One keystroke-sized edit: insert a new token between tokens, or delete one of our own. */
export function typeOnce(h: HonestClient): void {
  const text = h.client.doc.getText('honest');
  const current = text.toString();
  const live = h.typed.filter((t) => !h.deleted.has(t));
  if (live.length > 3 && h.rng.chance(0.1)) {
    const token = h.rng.pick(live);
    const at = current.indexOf(token);
    if (at === -1) throw new Error(`${h.tag} lost its own token ${token}`);
    text.delete(at, token.length);
    h.deleted.add(token);
    return;
  }
  const token = `<${h.tag}.${h.typed.length}>`;
  text.insert(nextBoundary(current, h.rng.int(current.length + 1)), token);
  h.typed.push(token);
}

/** Types a keystroke every `minMs`–`maxMs` ms until `h.timer` is cleared. */
export function startTyping(h: HonestClient, minMs: number, maxMs: number): void {
  const tick = () => {
    typeOnce(h);
    h.timer = setTimeout(tick, h.rng.range(minMs, maxMs));
  };
  h.timer = setTimeout(tick, h.rng.range(minMs, maxMs));
}

/** What an honest client's text must be made of: its tokens, nothing else, each live one exactly once. */
export function checkRoomText(text: string, writers: HonestClient[]): string[] {
  const problems: string[] = [];
  if (!/^(<h\d+\.\d+>)*$/.test(text)) problems.push(`text is not a sequence of tokens: ${JSON.stringify(text.slice(0, 200))}`);
  const counts = new Map<string, number>();
  for (const token of text.match(/<h\d+\.\d+>/g) ?? []) counts.set(token, (counts.get(token) ?? 0) + 1);
  for (const h of writers) {
    for (const token of h.typed) {
      const n = counts.get(token) ?? 0;
      const want = h.deleted.has(token) ? 0 : 1;
      if (n !== want) problems.push(`${token} appears ${n} times, expected ${want}`);
      counts.delete(token);
    }
  }
  for (const token of counts.keys()) problems.push(`${token} was typed by nobody in this room`);
  return problems.slice(0, 20);
}

export async function health(port: number, timeoutMs: number): Promise<{ status: number; body: { status?: string; connections?: number; rooms?: number }; ms: number }> {
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
  const body = (await response.json()) as { status?: string };
  return { status: response.status, body, ms: performance.now() - started };
}

export async function metric(port: number, pattern: RegExp, timeoutMs: number): Promise<string[]> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(timeoutMs) })).text();
  return text.split('\n').filter((line) => pattern.test(line));
}

export function writeReproduction(seed: number, name: string, content: unknown): string {
  const file = join(tmpdir(), `baton-fuzz-${seed}-${name}.json`);
  writeFileSync(file, JSON.stringify(content, null, 1));
  return file;
}

export function describeRecords(records: SocketRecord[]): unknown[] {
  return records.map((r) => ({
    lane: r.lane,
    room: r.room,
    mode: r.mode,
    closeCode: r.closeCode,
    closeReason: r.closeReason,
    frames: r.frames.map((f) => ({ kind: f.kind, label: f.label, hex: toHex(f.data) })),
  }));
}

/** Waits until the honest clients of each room hold the same text, made of exactly what they typed; returns each room's text. */
export async function awaitConvergence(honest: HonestClient[], rooms: string[], checkAlive: () => void, seed: number): Promise<string[]> {
  const writersOf = rooms.map((room) => honest.filter((h) => h.room === room));
  const texts = (writers: HonestClient[]) => writers.map((h) => h.client.doc.getText('honest').toString());
  await waitUntil(
    () => {
      checkAlive();
      return writersOf.every((writers) => writers.every((h) => h.client.provider.synced) && new Set(texts(writers)).size === 1 && checkRoomText(texts(writers)[0]!, writers).length === 0);
    },
    { timeoutMs: 20_000, intervalMs: 50, description: 'honest clients to converge' },
  ).catch((error: unknown) => {
    const detail = writersOf.map((writers) => `${writers[0]!.room}: ${texts(writers).map((t) => t.length).join('/')} chars; ${checkRoomText(texts(writers)[0]!, writers).join('; ')}`);
    throw new Error(`${error instanceof Error ? error.message : String(error)} (BATON_FUZZ_SEED=${seed})\n${detail.join('\n')}`);
  });
  return writersOf.map((writers) => texts(writers)[0]!);
}

/** A stock client that joins `room` afterwards receives `text`. */
export async function expectNewcomerGets(url: string, room: string, text: string): Promise<void> {
  const fresh = connectStockClient(url, room);
  try {
    await fresh.synced(10_000);
    await waitUntil(() => fresh.doc.getText('honest').toString() === text, { timeoutMs: 10_000, description: `a fresh client in ${room} to receive the converged text` });
  } finally {
    fresh.destroy();
  }
}

/** No honest client was disconnected, no attacker socket closed for anything but its own fault ([R4], [R25]), and the relay logged no error. */
export function expectNothingReachedHonestClients(honest: HonestClient[], relay: RelayProcess, suspicious: SocketRecord[], seed: number): void {
  expect(
    honest.filter((h) => h.closes.length > 0).map((h) => `${h.tag} in ${h.room}: ${h.closes.join(', ')}`),
    'honest clients must never be disconnected',
  ).toEqual([]);
  const errorLines = relay
    .stderr()
    .split('\n')
    .filter((line) => line.includes('"level":"error"'));
  if (suspicious.length > 0) {
    const file = writeReproduction(seed, 'suspicious-closes', { sockets: describeRecords(suspicious), relayErrors: errorLines.slice(0, 20) });
    expect.fail(
      `${suspicious.length} attacker sockets closed with unexpected codes (${suspicious.map((r) => r.closeCode).join(', ')}); frames in ${file} (BATON_FUZZ_SEED=${seed})\n${errorLines.slice(0, 3).join('\n')}`,
    );
  }
  expect(errorLines.slice(0, 5), 'the relay logged errors').toEqual([]);
}
