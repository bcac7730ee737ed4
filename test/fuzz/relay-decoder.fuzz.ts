/**
 * Fuzzing the relay process ([R4], [R25], [R26]): attackers send random,
 * mutated and crafted frames over raw sockets across 40 rooms while stock
 * y-websocket clients type in three of those rooms, until the relay's own
 * counters (`baton_relay_frames_total` in /metrics) show the target number of
 * attacker frames decoded (BATON_FUZZ_FRAMES), of every message type. The relay closes a socket
 * at its first undecodable frame and reads nothing after it ([R4]), so each
 * attacker socket sends only frames the decoder accepts (random, mutated and
 * crafted ones included: whatever `decodeClientMessage` takes) and ends with
 * one it refuses. The relay must stay up and answer, the honest clients must
 * converge on exactly what they typed, and every room, garbage and all, must
 * sync into a fresh stock client, also after a restart on the same data.
 *
 * Each run draws a fresh seed; a failure prints `BATON_FUZZ_SEED=<seed>`, and
 * `BATON_FUZZ_SEED=<seed> npx vitest run test/fuzz` replays it. The seed fixes
 * every frame each attacker builds and every edit the honest clients make; how
 * far the relay reads into a burst before it closes a socket depends on timing,
 * so a failure lists the frames sent on the sockets involved (and writes them
 * to a JSON file) to be replayed one by one.
 */
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RelayProcess } from '../helpers';
import * as Y from 'yjs';
import { decodeClientMessage } from '../../relay/messages';
import { MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS } from '../../shared/protocol';
import { fuzzSeed, useFuzzSeed } from '../../shared/testing/seed';
import { connectStockClient, createTempDir, removeTempDir, sleep, spawnRelayCli, withTimeout } from '../helpers';
import type { Frame, FrameKind } from './frames';
import { FrameFuzzer } from './frames';
import type { HonestClient, SocketRecord } from './harness';
import { RECORDED_FRAMES, TERMINATED, awaitConvergence, describeRecords, expectNewcomerGets, expectNothingReachedHonestClients, health, metric, openAttackSocket, rssMb, startTyping, tail, waitForSocketClose, writeReproduction } from './harness';
import { Rng } from './rng';

const SEED = fuzzSeed();
/**
 * Attacker frames the relay's decoder must take. On 2 cores the relay decodes ~1,000 of this mix a
 * second at first and ~200 once the rooms hold minutes of honest typing and garbage (each accepted
 * update is applied, journaled and broadcast; each step 1 is answered with a diff of the whole room),
 * so a run takes about 9 minutes: `npm run fuzz:relay`, not `npm test`. It found the awareness clocks y-protocols keeps for every client that left, which
 * grew the relay's heap to ~4 GB in a few minutes ([R8]: now capped and forgotten).
 */
const TARGET_DECODED_FRAMES = Number(process.env.BATON_FUZZ_FRAMES ?? 100_000);
/**
 * The attack runs at least this long, so honest edits overlap it, and at most the cap (then the
 * test fails): 7 ms a frame, half again the ~5 ms a frame an idle machine takes over the whole run.
 */
const MIN_ATTACK_MS = 8_000;
const MAX_ATTACK_MS = Math.max(180_000, TARGET_DECODED_FRAMES * 7);
/** Message types the attack must reach the room with (decoded, then accepted or refused there). */
const MESSAGE_TYPES = ['sync-step1', 'sync-step2', 'sync-update', 'awareness', 'query-awareness'] as const;

const ROOMS = Array.from({ length: 40 }, (_, i) => `fuzz${i % 4}/doc${i}`);
const HONEST_ROOMS = ROOMS.slice(0, 3);
const CLIENTS_PER_ROOM = 3;
const ATTACKERS = 8;
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
  // Rooms only attackers visit unload (compact, destroy) and reload now and then. At 1 s a room
  // reloaded on almost every attacker connection, and a room of a few hundred KB of garbage takes
  // up to half a second to load (see slowestRoomLoadsAfterRestart in the summary): the run decoded
  // ~1,000 frames a second at first and ~40 after ten minutes, short of the target after 700 s.
  // At 5 s the same run reaches 100,000 in about 8.5 minutes.
  '--idle-unload-ms', '5000',
]; // prettier-ignore

/**
 * /healthz must answer while under attack; this only tells a hung relay from a
 * busy one (a busy relay on 2 shared cores answers within ~2 s). How fast the
 * relay is, and how much memory it takes, is measured in bench/, not here;
 * the run reports its peak RSS for a reader.
 */
const HEALTH_TIMEOUT_MS = 20_000;

/** Paths an attacker sometimes upgrades on: refused with 400 ([R1]), or a valid room with a long query. */
const ODD_PATHS = ['fuzz0', 'fuzz0/doc0/extra', 'bad%20id/doc', `${'a'.repeat(65)}/doc`, 'fuzz0/', '..%2f..%2fetc/passwd', `fuzz1/doc1?token=${'x'.repeat(4000)}`];

const QUERY_AWARENESS = new Uint8Array([MESSAGE_QUERY_AWARENESS]);

interface AttackStats {
  /** Query-awareness frames sent as batch markers: counted by the relay, not fuzz. */
  markers: number;
  /** Generated frames the decoder would refuse, held back so a socket is not closed before it has sent its share. */
  heldBack: number;
  /** Rooms attacker sockets sent frames in. */
  rooms: Set<string>;
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

/** Frames the honest clients sent, so the relay's count can be split into theirs and the attackers'. */
const honestSent = { count: 0 };
class CountingWebSocket extends WebSocket {}
const send = WebSocket.prototype.send as (this: WebSocket, ...args: unknown[]) => void;
Object.defineProperty(CountingWebSocket.prototype, 'send', {
  value(this: WebSocket, ...args: unknown[]) {
    honestSent.count++;
    send.apply(this, args);
  },
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
    // The others send decodable frames (fuzzed ones included) up to their share, then one the decoder refuses.
    const mode = rng.chance(0.04) ? 'flood' : 'mixed';
    // A flood needs only a little more than the burst the rate limit allows (600) to be closed for it.
    const share = mode === 'flood' ? 1_000 : rng.range(0, 300);
    let decodable = 0;
    let ended = false;
    const record: SocketRecord = { lane, room: path, mode, frames: [] };
    stats.current[lane] = record;
    stats.rooms.add(path);
    const closed = waitForSocketClose(ws, record);
    // The relay answers a query-awareness after everything sent before it: a batch's marker.
    let answered: (() => void) | null = null;
    ws.on('message', (data: Buffer) => {
      if (data[0] === MESSAGE_AWARENESS) answered?.();
    });
    ws.once('close', () => answered?.());
    while (ws.readyState === WebSocket.OPEN && !done() && !ended) {
      for (let i = 0; i < BATCH && ws.readyState === WebSocket.OPEN; i++) {
        // The socket's share comes from frames that often decode; the frame that ends it from anything.
        const frame = mode === 'flood' ? fuzzer.valid() : decodable < share ? fuzzer.forDecoder() : fuzzer.next();
        if (mode === 'flood' && ++decodable >= share) ended = true;
        if (mode !== 'flood') {
          if (decodes(frame)) {
            decodable++;
          } else if (decodable < share) {
            stats.heldBack++;
            continue;
          } else {
            ended = true;
          }
        }
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
        if (ended) break;
      }
      while (ws.bufferedAmount > MAX_BUFFERED && ws.readyState === WebSocket.OPEN) await sleep(2);
      if (mode === 'mixed' && !ended && ws.readyState === WebSocket.OPEN) {
        // Wait until the relay has read the batch, so a socket it closed mid-batch is not written to
        // for long: frames after the close reach no decoder, and only cost the generator.
        const reply = new Promise<void>((resolve) => (answered = resolve));
        stats.markers++;
        ws.send(QUERY_AWARENESS);
        await Promise.race([reply, sleep(5_000)]);
        answered = null;
      } else {
        await new Promise((resolve) => setImmediate(resolve));
      }
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

/** Whether the relay's decoder takes the frame (what the room then makes of it is the relay's business). */
function decodes(frame: Frame): boolean {
  if (typeof frame.data === 'string') return false;
  try {
    decodeClientMessage(frame.data);
    return true;
  } catch {
    return false;
  }
}

/** `baton_relay_frames_total` by type and outcome, from the relay's /metrics. */
async function framesByLabel(port: number): Promise<Array<{ type: string; outcome: string; count: number }>> {
  return (await metric(port, /^baton_relay_frames_total\{/, HEALTH_TIMEOUT_MS)).map((line) => {
    const match = /type="([^"]*)",outcome="([^"]*)"\} (\d+)/.exec(line);
    return { type: match?.[1] ?? '?', outcome: match?.[2] ?? '?', count: Number(match?.[3] ?? 0) };
  });
}

describe('relay under fuzzing', () => {
  it(`[R4][R25][R26] stays up and convergent while its decoder takes ${TARGET_DECODED_FRAMES} fuzzed frames of every type, and every room still syncs`, async () => {
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
      markers: 0,
      heldBack: 0,
      rooms: new Set(),
      queued: 0,
      written: 0,
      fuzzedWritten: 0,
      bytesWritten: 0,
      byKind: { valid: 0, random: 0, mutated: 0, crafted: 0, text: 0, oversized: 0 },
      connections: 0,
      upgradeStatuses: {},
      closeCodes: {},
      suspicious: [],
      current: Array.from({ length: ATTACKERS }, () => null),
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
    // What the relay counted, and how much of it came from the honest clients (counted as they send).
    let relayFrames = 0;
    let honestFrames = 0;
    const attackerDecoded = () => relayFrames - honestFrames - stats.markers;
    const honest: HonestClient[] = [];
    let expected: string[] = [];
    const roomLoads: Array<{ room: string; ms: number; kb: number }> = [];
    summary = () => ({
      seed: SEED,
      ms: { ...ms, total: Math.round(performance.now() - started) },
      attackerFramesDecodedByRelay: attackerDecoded(),
      framesWritten: stats.written,
      fuzzedFramesWritten: stats.fuzzedWritten,
      undecodableHeldBack: stats.heldBack,
      roomsAttacked: stats.rooms.size,
      megabytesWritten: +(stats.bytesWritten / 1024 / 1024).toFixed(1),
      byKind: stats.byKind,
      attackerConnections: stats.connections,
      upgradeStatuses: stats.upgradeStatuses,
      attackerCloseCodes: stats.closeCodes,
      relayMetrics: metrics,
      honestEdits: honest.reduce((n, h) => n + h.typed.length + h.deleted.size, 0),
      honestTextChars: expected.map((t) => t.length),
      rssMb: { first: Math.round(rss[0] ?? 0), peak: Math.round(Math.max(0, ...rss)), last: Math.round(rss[rss.length - 1] ?? 0) },
      healthMs: { probes: healthMs.length, max: Math.round(Math.max(0, ...healthMs)), failures: healthFailures.slice(0, 5) },
      slowestRoomLoadsAfterRestart: [...roomLoads].sort((a, b) => b.ms - a.ms).slice(0, 5),
    });
    // A hung relay, not a slow one: three probes in a row without an answer.
    let unanswered = 0;
    const healthProbe = (async () => {
      while (sampling && !crash) {
        try {
          const answer = await health(relay.port, HEALTH_TIMEOUT_MS);
          if (answer.status !== 200) healthFailures.push(`status ${answer.status}`);
          healthMs.push(answer.ms);
          unanswered = 0;
        } catch (error) {
          if (!crash && ++unanswered >= 3) healthFailures.push(error instanceof Error ? error.message : String(error));
        }
        await sleep(250);
      }
    })();
    toStop.push(() => (sampling = false));

    // Honest clients: three per room in three rooms, typing throughout.
    for (const room of HONEST_ROOMS) {
      for (let i = 0; i < CLIENTS_PER_ROOM; i++) {
        const client = connectStockClient(relay.url, room, { WebSocket: CountingWebSocket });
        const h: HonestClient = { room, tag: `h${honest.length}`, client, rng: rng.fork(), typed: [], deleted: new Set(), closes: [] };
        client.provider.on('connection-close', (event) => h.closes.push(event ? `${event.code} ${event.reason}` : 'closed locally'));
        toStop.push(() => client.destroy());
        honest.push(h);
      }
    }
    await Promise.all(honest.map((h) => h.client.synced(10_000)));
    // Frames so far are the honest clients' handshakes, counted on both sides already.
    const stopTyping = () => honest.forEach((h) => clearTimeout(h.timer));
    toStop.push(stopTyping);
    honest.forEach((h) => startTyping(h, 60, 150));

    // The attack.
    const attackStarted = performance.now();
    let attackOver = false;
    const attackDone = () =>
      attackOver || crash !== null || performance.now() - attackStarted > MAX_ATTACK_MS || (attackerDecoded() >= TARGET_DECODED_FRAMES && performance.now() - attackStarted > MIN_ATTACK_MS);
    toStop.push(() => (attackOver = true));
    // The relay's count decides when the attack has done enough, not what the attackers wrote.
    const counting = (async () => {
      while (!attackDone()) {
        try {
          const decoded = (await framesByLabel(relay.port)).reduce((sum, series) => sum + series.count, 0);
          // Read after the scrape, so every honest frame the relay counted is subtracted (and the
          // attackers' figure errs low, never high).
          honestFrames = honestSent.count;
          relayFrames = decoded;
        } catch {
          // A busy relay answers the next scrape; the health probe reports one that never does.
        }
        await sleep(500);
      }
    })();
    const attackers = Array.from({ length: ATTACKERS }, (_, lane) => runAttacker(lane, rng.fork(), relay.url, stats, attackDone, checkAlive));
    const results = await Promise.allSettled(attackers);
    attackOver = true;
    await counting;
    lap('attack', attackStarted);
    stopTyping();
    checkAlive();
    for (const result of results) if (result.status === 'rejected') throw result.reason;

    // The relay is up and answers.
    const healthAfter = await health(relay.port, HEALTH_TIMEOUT_MS);
    expect(healthAfter.status).toBe(200);
    expect(healthAfter.body.status).toBe('ok');
    expect(relay.child.exitCode).toBeNull();
    metrics.push(...(await metric(relay.port, /^baton_relay_(messages_in_total|bytes_out_total|connections_closed_total|frames_total)/, HEALTH_TIMEOUT_MS)));

    // Honest clients converge on exactly what they typed.
    const convergeStarted = performance.now();
    expected = await awaitConvergence(honest, HONEST_ROOMS, checkAlive, SEED);
    lap('converge', convergeStarted);
    await expectNewcomerGets(relay.url, HONEST_ROOMS[0]!, expected[0]!);
    expectNothingReachedHonestClients(honest, relay, stats.suspicious, SEED);

    sampling = false;
    await Promise.all([rssSampler, healthProbe]);
    expect(healthFailures, 'health checks failed or timed out during the attack').toEqual([]);

    // [R4][R26] What the relay's decoder took, by its own count: the attackers' frames (all of
    // the relay's count but the honest clients' frames), of every type, through to the room.
    const series = await framesByLabel(relay.port);
    honestFrames = honestSent.count;
    relayFrames = series.reduce((sum, s) => sum + s.count, 0);
    expect(attackerDecoded(), `frames the relay decoded from attackers (BATON_FUZZ_SEED=${SEED})`).toBeGreaterThanOrEqual(TARGET_DECODED_FRAMES);
    const reachedRoom = (type: string) => series.filter((s) => s.type === type && (s.outcome === 'accepted' || s.outcome === 'refused')).reduce((sum, s) => sum + s.count, 0);
    for (const type of MESSAGE_TYPES) expect(reachedRoom(type), `${type} frames decoded and handled by a room`).toBeGreaterThan(TARGET_DECODED_FRAMES / 1000);
    expect(series.filter((s) => s.outcome === 'undecodable').reduce((sum, s) => sum + s.count, 0)).toBeGreaterThan(TARGET_DECODED_FRAMES / 1000);
    expect(series.filter((s) => s.type === 'sync-update' && s.outcome === 'refused').reduce((sum, s) => sum + s.count, 0), 'updates the room refused').toBeGreaterThan(0);
    expect(Array.from(stats.rooms).filter((room) => ROOMS.includes(room)).length).toBe(ROOMS.length);

    // SIGTERM still shuts down cleanly, and a relay on the same data serves the same text ([R6]).
    honest.forEach((h) => h.client.destroy());
    stopping = true;
    relay.child.kill('SIGTERM');
    expect(await withTimeout(relay.exited, 15_000, 'relay exit after SIGTERM')).toBe(0);
    const second = await spawnRelayCli(['--port', '0', '--data', dataDir, ...RELAY_FLAGS], { env: { BATON_AUTH: 'off' } });
    toStop.push(() => second.kill());
    for (const [i, room] of HONEST_ROOMS.entries()) await expectNewcomerGets(second.url, room, expected[i]!);
    // [R26] Every room, garbage and all, loads again and syncs into a fresh stock client, whose
    // state a further client can apply: nothing stored is something a stock client cannot apply.
    // One room at a time, as people open them: how long each load took goes into the summary.
    const synced: string[] = [];
    for (const room of ROOMS) {
      const reader = connectStockClient(second.url, room);
      const opened = performance.now();
      try {
        await reader.synced(30_000);
        const copy = new Y.Doc();
        const state = Y.encodeStateAsUpdate(reader.doc);
        Y.applyUpdate(copy, state);
        Y.encodeStateAsUpdate(copy);
        copy.destroy();
        roomLoads.push({ room, ms: Math.round(performance.now() - opened), kb: Math.round(state.byteLength / 1024) });
        synced.push('ok');
      } catch (error) {
        synced.push(`${room}: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        reader.destroy();
      }
    }
    expect(synced.filter((outcome) => outcome !== 'ok')).toEqual([]);
    second.kill();
  }, MAX_ATTACK_MS + 120_000);
});
