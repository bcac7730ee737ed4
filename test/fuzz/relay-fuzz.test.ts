/**
 * Fuzzing the relay process ([R4], [R25], [R26]): attackers send at least
 * 100,000 random, mutated and crafted frames over raw sockets across 20 rooms
 * while stock y-websocket clients type in three of those rooms. The relay must
 * stay up and responsive (its memory is measured in bench/, not here), and the honest clients must
 * converge on exactly what they typed, also after a restart on the same data.
 *
 * Each run draws a fresh seed (printed in the test name and on failure); replay a
 * run with `BATON_FUZZ_SEED=<seed> npx vitest run test/fuzz`. The relay stops
 * reading a connection at its first malformed frame, so this run reaches the
 * decoder about once per attacker connection; `npm run fuzz:relay`
 * (relay-decoder.fuzz.ts) counts, from the relay's own metrics, frames the
 * decoder actually took. The seed fixes every frame each attacker builds and every edit
 * the honest clients make; how far the relay reads into a burst before it closes
 * a socket depends on timing, so a failure lists the frames sent on the sockets
 * involved (and writes them to a JSON file) to be replayed one by one.
 * `BATON_FUZZ_FRAMES` changes the number of fuzzed frames (default 100,000).
 *
 * Two more attackers speak the multiplexed wire ([R37]–[R42], mux-frames.ts): well-framed
 * OPEN, DOC (carrying the per-room fuzzer's frames), CLOSE, CATCHUP and PING frames on the
 * same rooms, and sometimes broken framing. A bad DOC ends only its channel, broken framing
 * the socket; a channel the relay ends for its own failure (4500) is a relay problem.
 */
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RelayProcess } from '../helpers';
import { connectStockClient, createTempDir, openRawSocket, removeTempDir, sleep, spawnRelayCli, waitUntil, withTimeout } from '../helpers';
import type { FrameKind } from './frames';
import { FrameFuzzer, toHex } from './frames';
import { fuzzSeed, useFuzzSeed } from '../../shared/testing/seed';
import type { HonestClient, SocketRecord } from './harness';
import { RECORDED_FRAMES, TERMINATED, awaitConvergence, describeRecords, expectNewcomerGets, expectNothingReachedHonestClients, health, metric, openAttackSocket, rssMb, startTyping, tail, waitForSocketClose, writeReproduction } from './harness';
import { MuxFrameFuzzer } from './mux-frames';
import { Rng } from './rng';
import { MUX_SUBPROTOCOL, decodeMuxFrame } from '../../shared/protocol/mux';
import type { BoundDoc } from '../helpers';
import { bindDoc, openMuxClient } from '../helpers';
import * as Y from 'yjs';

const SEED = fuzzSeed();
const TARGET_FUZZED_FRAMES = Number(process.env.BATON_FUZZ_FRAMES ?? 100_000);
/** The attack runs at least this long, so honest edits overlap it, and at most the cap (then the test fails). */
const MIN_ATTACK_MS = 8_000;
const MAX_ATTACK_MS = 40_000;

const ROOMS = Array.from({ length: 20 }, (_, i) => `fuzz${i % 4}/doc${i}`);
const HONEST_ROOMS = ROOMS.slice(0, 3);
const CLIENTS_PER_ROOM = 3;
const ATTACKERS = 4;
/** Attackers on multiplexed sockets, beside the per-room ones. */
const MUX_ATTACKERS = 2;
const WORKSPACES = Array.from(new Set(ROOMS.map((room) => room.split('/')[0]!)));
/** Frames an attacker writes before yielding to the event loop (and noticing a close). */
const BATCH = 32;
/** An attacker waits while this much is queued on its socket, so the test's own memory stays flat. */
const MAX_BUFFERED = 1024 * 1024;

/**
 * Limits for the run. Honest clients send ~30 messages/s each, far below 300/s;
 * an attacker socket that sends only valid frames runs through the burst of 600
 * within a batch or two and is closed with 4429, then reconnects.
 */
const MAX_MESSAGE_BYTES = 256 * 1024;
const RELAY_FLAGS = [
  '--no-auth',
  '--max-message-bytes', String(MAX_MESSAGE_BYTES),
  '--rate-messages', '300',
  '--rate-messages-burst', '600',
  '--rate-bytes', String(4 * 1024 * 1024),
  // Rooms only attackers visit unload (compact, destroy) and reload all the time.
  '--idle-unload-ms', '200',
]; // prettier-ignore

/**
 * /healthz must answer within this while under attack; a frame that stalls the event loop for
 * seconds fails it. (The attack keeps the relay's CPU busy, so answers take up to ~2 s on 2 cores.)
 */
const HEALTH_TIMEOUT_MS = 10_000;

/** Paths an attacker sometimes upgrades on: refused with 400 ([R1]), or a valid room with a long query. */
const ODD_PATHS = ['fuzz0', 'fuzz0/doc0/extra', 'bad%20id/doc', `${'a'.repeat(65)}/doc`, 'fuzz0/', '..%2f..%2fetc/passwd', `fuzz1/doc1?token=${'x'.repeat(4000)}`];

interface AttackStats {
  queued: number;
  /** Frames whose write completed (ws send callback without error). */
  written: number;
  fuzzedWritten: number;
  bytesWritten: number;
  byKind: Record<FrameKind, number>;
  connections: number;
  upgradeStatuses: Record<string, number>;
  closeCodes: Record<string, number>;
  /** Sockets the relay closed for anything but malformed input, size or rate ([R4], [R25]). */
  suspicious: SocketRecord[];
  /** Channel closes the relay sent on multiplexed sockets, by code. */
  channelCloseCodes: Record<string, number>;
  /** The socket each attacker is on right now, for a crash report. */
  current: Array<SocketRecord | null>;
}

// Everything started is stopped in afterAll, also when the test fails half way.
const toStop: Array<() => unknown> = [];
/** Filled in as the run goes; printed at the end, also when the run fails. */
let summary: () => Record<string, unknown> = () => ({ seed: SEED });
afterAll(async () => {
  console.log(`relay fuzz summary\n${JSON.stringify(summary(), null, 1)}`);
  for (const stop of toStop.reverse()) {
    try {
      await stop();
    } catch {
      // Best effort: the rest must still run.
    }
  }
});

async function runAttacker(lane: number, rng: Rng, url: string, stats: AttackStats, done: () => boolean, checkAlive: () => void): Promise<void> {
  const fuzzer = new FrameFuzzer(rng.fork(), { maxMessageBytes: MAX_MESSAGE_BYTES });
  while (!done()) {
    checkAlive();
    const odd = rng.chance(0.01);
    const path = odd ? rng.pick(ODD_PATHS) : rng.pick(ROOMS);
    const opened = await openAttackSocket(url, path, HEALTH_TIMEOUT_MS);
    if (typeof opened === 'number') {
      stats.upgradeStatuses[opened] = (stats.upgradeStatuses[opened] ?? 0) + 1;
      continue;
    }
    stats.upgradeStatuses[101] = (stats.upgradeStatuses[101] ?? 0) + 1;
    stats.connections++;
    const ws = opened;
    // Some sockets flood with valid frames only: they meet the rate limit, not the decoder.
    const mode = rng.chance(0.04) ? 'flood' : 'mixed';
    const record: SocketRecord = { lane, room: path, mode, frames: [] };
    stats.current[lane] = record;
    const closed = waitForSocketClose(ws, record);
    ws.on('message', () => {});
    while (ws.readyState === WebSocket.OPEN && !done()) {
      for (let i = 0; i < BATCH && ws.readyState === WebSocket.OPEN; i++) {
        const frame = mode === 'flood' ? fuzzer.valid() : fuzzer.next();
        if (record.frames.length < RECORDED_FRAMES) record.frames.push(frame);
        const size = typeof frame.data === 'string' ? Buffer.byteLength(frame.data) : frame.data.byteLength;
        stats.queued++;
        ws.send(frame.data, (error) => {
          if (error) return;
          stats.written++;
          stats.bytesWritten += size;
          stats.byKind[frame.kind]++;
          if (frame.kind !== 'valid') stats.fuzzedWritten++;
        });
      }
      while (ws.bufferedAmount > MAX_BUFFERED && ws.readyState === WebSocket.OPEN) await sleep(2);
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (ws.readyState === WebSocket.OPEN) ws.close(1000);
    await closed;
    stats.current[lane] = null;
    const code = String(record.closeCode ?? 'none');
    stats.closeCodes[code] = (stats.closeCodes[code] ?? 0) + 1;
    // [R4]/[R25]: malformed 4400, too large 4413 (1009 from ws), rate limited 4429, our own 1000 at the end,
    // or terminated by us. Anything else (4500, 1011, 1006 without our terminate) is a relay problem.
    if (!done() && ![4400, 4413, 4429, 1000, TERMINATED].includes(record.closeCode ?? 0)) stats.suspicious.push(record);
  }
}

/** Channel codes a relay may end an attacker's channel with: echo, malformed, too many channels, loaded-room limit. */
const CHANNEL_CODES = [1000, 4400, 4429, 4503];

async function runMuxAttacker(lane: number, rng: Rng, url: string, stats: AttackStats, done: () => boolean, checkAlive: () => void): Promise<void> {
  const docFrames = new FrameFuzzer(rng.fork(), { maxMessageBytes: MAX_MESSAGE_BYTES });
  while (!done()) {
    checkAlive();
    const workspace = rng.pick(WORKSPACES);
    const docIds = ROOMS.filter((room) => room.startsWith(`${workspace}/`)).map((room) => room.split('/')[1]!);
    const fuzzer = new MuxFrameFuzzer(rng.fork(), docFrames, docIds);
    const opened = await openAttackSocket(url, workspace, HEALTH_TIMEOUT_MS, [MUX_SUBPROTOCOL]);
    if (typeof opened === 'number') {
      stats.upgradeStatuses[opened] = (stats.upgradeStatuses[opened] ?? 0) + 1;
      continue;
    }
    stats.upgradeStatuses[101] = (stats.upgradeStatuses[101] ?? 0) + 1;
    stats.connections++;
    const ws = opened;
    const record: SocketRecord = { lane, room: workspace, mode: 'mux', frames: [] };
    stats.current[lane] = record;
    const closed = waitForSocketClose(ws, record);
    ws.on('message', (data: Buffer) => {
      const frame = decodeMuxFrame(new Uint8Array(data));
      if (frame.kind !== 'close') return;
      stats.channelCloseCodes[frame.code] = (stats.channelCloseCodes[frame.code] ?? 0) + 1;
      if (!CHANNEL_CODES.includes(frame.code) && !done()) stats.suspicious.push({ ...record, closeCode: frame.code, closeReason: `channel ${frame.channel}: ${frame.reason}` });
    });
    while (ws.readyState === WebSocket.OPEN && !done()) {
      for (let i = 0; i < BATCH && ws.readyState === WebSocket.OPEN; i++) {
        const frame = fuzzer.next();
        if (record.frames.length < RECORDED_FRAMES) record.frames.push(frame);
        stats.queued++;
        ws.send(frame.data, (error) => {
          if (error) return;
          stats.written++;
          stats.byKind[frame.kind]++;
          if (frame.kind !== 'valid') stats.fuzzedWritten++;
        });
      }
      while (ws.bufferedAmount > MAX_BUFFERED && ws.readyState === WebSocket.OPEN) await sleep(2);
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (ws.readyState === WebSocket.OPEN) ws.close(1000);
    await closed;
    stats.current[lane] = null;
    const code = String(record.closeCode ?? 'none');
    stats.closeCodes[`mux ${code}`] = (stats.closeCodes[`mux ${code}`] ?? 0) + 1;
    if (!done() && ![4400, 4413, 4429, 1000, TERMINATED].includes(record.closeCode ?? 0)) stats.suspicious.push(record);
  }
}

/** A multiplexed client opens each room and receives `texts` ([R38]): the relay still serves that wire. */
async function expectMuxClientGets(url: string, rooms: string[], texts: string[]): Promise<void> {
  const clients = await Promise.all(rooms.map((room) => openMuxClient(url, room.split('/')[0]!)));
  try {
    const bound: BoundDoc[] = rooms.map((room, i) => bindDoc(clients[i]!, 0, room.split('/')[1]!, new Y.Doc()));
    await Promise.all(bound.map((b) => b.synced(10_000)));
    expect(bound.map((b) => b.doc.getText('honest').toString())).toEqual(texts);
  } finally {
    for (const client of clients) client.ws.terminate();
  }
}

describe('relay under fuzzing', () => {
  it(`[R4][R25][R26] stays up and convergent under ${TARGET_FUZZED_FRAMES} fuzzed frames (BATON_FUZZ_SEED=${SEED})`, async () => {
    useFuzzSeed(SEED);
    const started = performance.now();
    const rng = new Rng(SEED);
    const dataDir = createTempDir('baton-fuzz-');
    let stopping = false;
    toStop.push(() => removeTempDir(dataDir));

    const relay: RelayProcess = await spawnRelayCli(['--port', '0', '--data', dataDir, ...RELAY_FLAGS], { env: { BATON_AUTH: 'off' } });
    toStop.push(() => {
      stopping = true;
      relay.kill();
    });
    const pid = relay.child.pid!;
    const ms: Record<string, number> = { startup: Math.round(performance.now() - started) };
    const lap = (name: string, since: number) => (ms[name] = Math.round(performance.now() - since));

    const stats: AttackStats = {
      queued: 0,
      written: 0,
      fuzzedWritten: 0,
      bytesWritten: 0,
      byKind: { valid: 0, random: 0, mutated: 0, crafted: 0, text: 0, oversized: 0 },
      connections: 0,
      upgradeStatuses: {},
      closeCodes: {},
      channelCloseCodes: {},
      suspicious: [],
      current: Array.from({ length: ATTACKERS + MUX_ATTACKERS }, () => null),
    };

    // A relay exit before we stop it fails the run with what was in flight.
    let crash: Error | null = null;
    void relay.exited.then((code) => {
      if (stopping) return;
      const inFlight = stats.current.filter((r): r is SocketRecord => r !== null);
      const file = writeReproduction(SEED, 'crash', { seed: SEED, code, sockets: describeRecords(inFlight), stderr: tail(relay.stderr(), 200) });
      crash = new Error(`relay exited with ${code} under fuzzing (BATON_FUZZ_SEED=${SEED}); frames in flight written to ${file}\n${tail(relay.stderr())}`);
    });
    const checkAlive = () => {
      if (crash) throw crash;
    };

    // Sample RSS and health while everything runs.
    const rss: number[] = [];
    const healthMs: number[] = [];
    const healthFailures: string[] = [];
    let sampling = true;
    const rssSampler = (async () => {
      while (sampling && !crash) {
        const mb = rssMb(pid);
        if (mb !== null) rss.push(mb);
        await sleep(100);
      }
    })();
    const metrics: string[] = [];
    const honest: HonestClient[] = [];
    let expected: string[] = [];
    summary = () => ({
      seed: SEED,
      ms: { ...ms, total: Math.round(performance.now() - started) },
      framesWritten: stats.written,
      fuzzedFramesWritten: stats.fuzzedWritten,
      megabytesWritten: +(stats.bytesWritten / 1024 / 1024).toFixed(1),
      byKind: stats.byKind,
      attackerConnections: stats.connections,
      upgradeStatuses: stats.upgradeStatuses,
      attackerCloseCodes: stats.closeCodes,
      muxChannelCloseCodes: stats.channelCloseCodes,
      relayMetrics: metrics,
      honestEdits: honest.reduce((n, h) => n + h.typed.length + h.deleted.size, 0),
      honestTextChars: expected.map((t) => t.length),
      rssMb: { first: Math.round(rss[0] ?? 0), peak: Math.round(Math.max(0, ...rss)), last: Math.round(rss[rss.length - 1] ?? 0) },
      healthMs: { probes: healthMs.length, max: Math.round(Math.max(0, ...healthMs)), failures: healthFailures.slice(0, 5) },
    });
    const healthProbe = (async () => {
      while (sampling && !crash) {
        try {
          const answer = await health(relay.port, HEALTH_TIMEOUT_MS);
          if (answer.status !== 200) healthFailures.push(`status ${answer.status}`);
          healthMs.push(answer.ms);
        } catch (error) {
          if (!crash) healthFailures.push(error instanceof Error ? error.message : String(error));
        }
        await sleep(250);
      }
    })();
    toStop.push(() => (sampling = false));

    // Honest clients: three per room in three rooms, typing throughout.
    for (const room of HONEST_ROOMS) {
      for (let i = 0; i < CLIENTS_PER_ROOM; i++) {
        const client = connectStockClient(relay.url, room);
        const h: HonestClient = { room, tag: `h${honest.length}`, client, rng: rng.fork(), typed: [], deleted: new Set(), closes: [] };
        client.provider.on('connection-close', (event) => h.closes.push(event ? `${event.code} ${event.reason}` : 'closed locally'));
        toStop.push(() => client.destroy());
        honest.push(h);
      }
    }
    await Promise.all(honest.map((h) => h.client.synced(10_000)));
    const stopTyping = () => honest.forEach((h) => clearTimeout(h.timer));
    toStop.push(stopTyping);
    honest.forEach((h) => startTyping(h, 20, 50));

    // The attack.
    const attackStarted = performance.now();
    let attackOver = false;
    const attackDone = () =>
      attackOver || crash !== null || performance.now() - attackStarted > MAX_ATTACK_MS || (stats.fuzzedWritten >= TARGET_FUZZED_FRAMES && performance.now() - attackStarted > MIN_ATTACK_MS);
    toStop.push(() => (attackOver = true));
    const attackers = [
      ...Array.from({ length: ATTACKERS }, (_, lane) => runAttacker(lane, rng.fork(), relay.url, stats, attackDone, checkAlive)),
      ...Array.from({ length: MUX_ATTACKERS }, (_, i) => runMuxAttacker(ATTACKERS + i, rng.fork(), relay.url, stats, attackDone, checkAlive)),
    ];
    const results = await Promise.allSettled(attackers);
    attackOver = true;
    lap('attack', attackStarted);
    stopTyping();
    checkAlive();
    for (const result of results) if (result.status === 'rejected') throw result.reason;

    // The relay is up and answers.
    const healthAfter = await health(relay.port, HEALTH_TIMEOUT_MS);
    expect(healthAfter.status).toBe(200);
    expect(healthAfter.body.status).toBe('ok');
    expect(relay.child.exitCode).toBeNull();
    metrics.push(...(await metric(relay.port, /^baton_relay_(messages_in_total|bytes_out_total|connections_closed_total)/, HEALTH_TIMEOUT_MS)));

    // Honest clients converge on exactly what they typed.
    const convergeStarted = performance.now();
    expected = await awaitConvergence(honest, HONEST_ROOMS, checkAlive, SEED);
    lap('converge', convergeStarted);
    await expectNewcomerGets(relay.url, HONEST_ROOMS[0]!, expected[0]!);
    await expectMuxClientGets(relay.url, HONEST_ROOMS, expected);
    expectNothingReachedHonestClients(honest, relay, stats.suspicious, SEED);

    sampling = false;
    await Promise.all([rssSampler, healthProbe]);
    expect(healthFailures, 'health checks failed or timed out during the attack').toEqual([]);
    expect(stats.fuzzedWritten).toBeGreaterThanOrEqual(TARGET_FUZZED_FRAMES);

    // SIGTERM still shuts down cleanly, and a relay on the same data serves the same text ([R6]).
    honest.forEach((h) => h.client.destroy());
    stopping = true;
    relay.child.kill('SIGTERM');
    expect(await withTimeout(relay.exited, 15_000, 'relay exit after SIGTERM')).toBe(0);
    const second = await spawnRelayCli(['--port', '0', '--data', dataDir, ...RELAY_FLAGS], { env: { BATON_AUTH: 'off' } });
    toStop.push(() => second.kill());
    for (const [i, room] of HONEST_ROOMS.entries()) await expectNewcomerGets(second.url, room, expected[i]!);
    await expectMuxClientGets(second.url, HONEST_ROOMS, expected);
    // Every room, garbage and all, loads again: each greets a raw socket with sync step 1 and keeps it open.
    const greeted = await Promise.all(
      ROOMS.map(async (room) => {
        const raw = await openRawSocket(second.url, room);
        try {
          await waitUntil(() => raw.received.length > 0, { timeoutMs: 5_000, description: `greeting in ${room}` });
          await sleep(100);
          const first = raw.received[0]!;
          const open = raw.ws.readyState === WebSocket.OPEN;
          return open && first[0] === 0 && first[1] === 0 ? 'ok' : `${room}: greeting ${toHex(first.subarray(0, 4))}, open ${open}`;
        } finally {
          raw.ws.terminate();
        }
      }),
    );
    expect(greeted.filter((g) => g !== 'ok')).toEqual([]);
    second.kill();
  });
});
