/**
 * `npm run bench:reconnect`: what a device pays to come back after a day away, in Node over the
 * real relay (with tokens, as the app runs it).
 *
 * For each scenario (200 pages / 20 changed, 1,000 / 100, 1,000 / nothing changed), and for each
 * way of syncing (one socket per device, and one socket per doc as Baton synced before), Aiko's
 * device writes the workspace, Ben's device syncs all of it and goes away, Aiko changes some pages
 * (a paragraph added, a sentence put into an old one), and Ben's device comes back from the state it
 * left with. From the moment it starts until it holds every changed page (or, with nothing changed,
 * until it knows so), the bench counts:
 *  - the websocket payload both ways (every message's bytes),
 *  - the TCP bytes both ways (HTTP upgrades, websocket framing, pings: a counting pass-through),
 *  - the websockets it opened,
 * beside the minimal diff: for each page, the Yjs update of what Ben's device lacked
 * (`encodeStateAsUpdate(relay's doc, device's state vector)`).
 * Targets: ≤ 1.1× the minimal diff on the wire, 1,000 pages / 100 changed synced < 1 s, nothing
 * changed < 2 KB. Then the index doc after a simulated year (bench/reconnect/index-year.ts) and the
 * relay at scale (bench/reconnect/scale.ts; BENCH_SCALE=0 skips it). Writes bench/results/reconnect.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { appendParagraph, createPage, initWorkspace, newId, upsertMember } from '../shared/model';
import { MemoryPersistence, WorkspaceSync, type SocketFactory } from '../shared/sync';
import { ANNOUNCE_INTERVAL_MS } from '../shared/sync/announce';
import { startTestRelay, workspaceWithMembers } from '../test/helpers';
import { indexYearRows } from './reconnect/index-year';
import { relayAtScale } from './reconnect/scale';
import { countingSockets, startCountingProxy } from './reconnect/wire';
import { person } from './people';
import { storedStateVector, waitUntil, whenHolding } from './held';

type Transport = 'mux' | 'per-doc';

const SCENARIOS = process.env.BENCH_SCENARIO ? [JSON.parse(process.env.BENCH_SCENARIO) as { pages: number; changed: number }] : [
  { pages: 200, changed: 20 },
  { pages: 1_000, changed: 100 },
  { pages: 1_000, changed: 0 },
];
const TRANSPORTS: Transport[] = process.env.BENCH_TRANSPORT ? [process.env.BENCH_TRANSPORT as Transport] : ['mux', 'per-doc'];
const WIRE_TARGET = 1.1;
const SYNC_TARGET_MS = 1_000;
const NOTHING_TARGET_BYTES = 2_048;
const BATCH = 25;

/** Real prose to write: the sentences of this repository's README (compression works on what people write, not on a word list). */
const SENTENCES = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8')
  .replace(/```[\s\S]*?```/g, ' ')
  .replace(/[|#*`>[\]()]/g, ' ')
  .split(/(?<=[.!?])\s+/)
  .map((sentence) => sentence.replace(/\s+/g, ' ').trim())
  .filter((sentence) => sentence.length > 40 && sentence.length < 240);

/** About `chars` characters of prose, different for each `seed`. */
function prose(seed: number, chars: number): string {
  let text = '';
  for (let i = 0; text.length < chars; i++) text += `${text ? ' ' : ''}${SENTENCES[(seed * 31 + i * 7) % SENTENCES.length]}`;
  return text;
}


interface Device {
  sync: WorkspaceSync;
  persistence: MemoryPersistence;
}

function device(transport: Transport, workspaceId: string, url: string, token: string, member: string, Socket: SocketFactory, persistence = new MemoryPersistence()): Device {
  const sync = new WorkspaceSync({ workspaceId, relay: { url, token }, persistence, WebSocket: Socket, member, transport });
  return { sync, persistence };
}

/** Opens the docs a batch at a time, lets `change` write to each, and waits until the relay holds it all. */
async function eachDoc(sync: WorkspaceSync, ids: readonly string[], change: (id: string, doc: Y.Doc, at: number) => void): Promise<void> {
  for (let at = 0; at < ids.length; at += BATCH) {
    const handles = await Promise.all(ids.slice(at, at + BATCH).map((id) => sync.openDoc(id)));
    handles.forEach((handle, i) => change(handle.docId, handle.doc, at + i));
    handles.forEach((handle) => handle.release());
    await sync.whenSynced(120_000);
  }
}

const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;

async function scenario(transport: Transport, pages: number, changed: number): Promise<Record<string, unknown>> {
  const relay = await startTestRelay({ auth: 'data-dir' });
  // Devices whose bytes are not counted.
  const plain = WebSocket as unknown as SocketFactory;
  const proxy = await startCountingProxy(relay.url);
  try {
    const workspaceId = `bench-${newId().slice(0, 8).toLowerCase()}`;
    const { owner, members } = await workspaceWithMembers(relay.url, relay.relay.auth!.secret, workspaceId, ['editor']);
    const aiko = device(transport, workspaceId, relay.url, owner.token, owner.memberId, plain);
    const started = Date.now() - 86_400_000;
    initWorkspace(aiko.sync.index, { id: workspaceId, name: 'Bench', creator: person(owner.memberId, 'Aiko', 'Asia/Tokyo', started) }, started);
    upsertMember(aiko.sync.index, person(members[0]!.memberId, 'Ben', 'Europe/London', started));
    await aiko.sync.ready;
    const ids = Array.from({ length: pages }, (_, i) => createPage(aiko.sync.index, { title: `Page ${i}`, kind: 'doc', by: owner.memberId }, started));
    await eachDoc(aiko.sync, ids, (_id, doc, i) => {
      appendParagraph(doc, prose(i, 200));
      appendParagraph(doc, prose(i + 1, 200));
    });
    // Socket per doc: edits are announced in the index up to 5 s later (announce.ts); let them land
    // first, or Ben's device would fetch every page again when they do.
    if (transport === 'per-doc') await settleAnnouncements(aiko.sync);

    // Ben's device holds all of it, then goes away.
    const ben = members[0]!;
    // Through the pass-through, as it comes back: the device's catch-up cursor belongs to the address it reached the relay at.
    const away = device(transport, workspaceId, proxy.url, ben.token, ben.memberId, plain);
    const all = whenHolding(away.sync, new Map(ids.map((id) => [id, Y.encodeStateVector(aikoDocOf(aiko, id))])));
    await away.sync.ready;
    await all;
    // Then idle: the cursor it reached is saved with it.
    await waitUntil(() => away.sync.state.status === 'synced', 60_000, 'Ben idle', 20);
    await away.sync.destroy();

    // A day of Aiko's changes: a paragraph added to each changed page, a sentence put into an old one.
    const changedIds = ids.slice(0, changed);
    await eachDoc(aiko.sync, changedIds, (_id, doc, i) => {
      appendParagraph(doc, prose(i + 100, 300));
      const first = doc.getXmlFragment('content').get(0) as Y.XmlElement;
      (first.get(0) as Y.XmlText).insert(10, ` ${prose(i + 200, 80)} `);
    });
    if (transport === 'per-doc') await settleAnnouncements(aiko.sync);
    await aiko.sync.whenSynced(120_000);
    const targets = new Map(changedIds.map((id) => [id, Y.encodeStateVector(aikoDocOf(aiko, id))]));
    let minimal = 0;
    for (const id of changedIds) minimal += Y.encodeStateAsUpdate(aikoDocOf(aiko, id), storedStateVector(away.persistence, workspaceId, id)).byteLength;
    await aiko.sync.destroy();

    // Ben's device comes back, through the counting pass-through.
    const counted = countingSockets();
    proxy.reset();
    const back = device(transport, workspaceId, proxy.url, ben.token, ben.memberId, counted.Socket, away.persistence);
    const began = performance.now();
    const held = whenHolding(back.sync, targets, 120_000);
    await back.sync.ready;
    await held;
    await waitUntil(() => back.sync.docState('index').status === 'synced' && back.sync.state.status === 'synced', 120_000, 'Ben back in step');
    const syncedMs = performance.now() - began;
    const payload = { ...counted.count };
    const tcp = { ...proxy.count };
    await back.sync.destroy();
    const payloadBytes = payload.sent + payload.received;
    const tcpBytes = tcp.sent + tcp.received;
    const ratio = minimal > 0 ? tcpBytes / minimal : null;
    const target =
      transport !== 'mux'
        ? null
        : changed === 0
          ? tcpBytes < NOTHING_TARGET_BYTES
          : (ratio ?? Infinity) <= WIRE_TARGET && (pages < 1_000 || syncedMs < SYNC_TARGET_MS);
    return {
      measure: 'reconnect after a day away',
      transport,
      pages,
      changed,
      minimalDiffBytes: minimal,
      payloadBytes,
      payloadSentBytes: payload.sent,
      payloadReceivedBytes: payload.received,
      payloadByKind: payload.byKind,
      tcpBytes,
      tcpSentBytes: tcp.sent,
      tcpReceivedBytes: tcp.received,
      websockets: payload.sockets,
      payloadToMinimal: minimal > 0 ? round(payloadBytes / minimal, 2) : null,
      wireToMinimal: ratio === null ? null : round(ratio, 2),
      syncedMs: round(syncedMs),
      targetValue: changed === 0 ? `< ${NOTHING_TARGET_BYTES} B on the wire` : `≤ ${WIRE_TARGET}× the minimal diff on the wire${pages >= 1_000 ? `, synced < ${SYNC_TARGET_MS} ms` : ''}`,
      target: target === null ? null : target ? 'pass' : 'fail',
    };
  } finally {
    await proxy.close();
    await relay.close();
  }
}

async function settleAnnouncements(sync: WorkspaceSync): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ANNOUNCE_INTERVAL_MS + 500));
  await sync.whenSynced(120_000);
}

function aikoDocOf(aiko: Device, docId: string): Y.Doc {
  // The relay's copy as Aiko's device last synced it: her store holds what she wrote.
  const doc = new Y.Doc();
  const opened = aiko.persistence.open(`baton/${aiko.sync.workspaceId}/${docId}`, doc);
  void opened.close();
  return doc;
}


async function main(): Promise<void> {
  const load = [loadavg()[0]!];
  const rows: Record<string, unknown>[] = [];
  for (const { pages, changed } of SCENARIOS) {
    for (const transport of TRANSPORTS) {
      console.log(`${transport}: ${pages} pages, ${changed} changed…`);
      rows.push(await scenario(transport, pages, changed));
    }
  }
  rows.push(...indexYearRows());
  if (process.env.BENCH_SCALE !== '0') rows.push(...(await relayAtScale()));
  load.push(loadavg()[0]!);
  console.table(rows.map(({ measure, transport, pages, changed, minimalDiffBytes, tcpBytes, payloadBytes, websockets, wireToMinimal, syncedMs, target }) => ({ measure, transport, pages, changed, minimalDiffBytes, payloadBytes, tcpBytes, websockets, wireToMinimal, syncedMs, target })));
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: round(totalmem() / 1024 ** 3), node: process.version, loadAverage: load.map((value) => round(value, 2)) };
  const out = join(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'reconnect.json'), JSON.stringify(rows.map((row) => ({ ...row, machine, date: new Date().toISOString() })), null, 2) + '\n');
  console.log('wrote bench/results/reconnect.json');
}

await main();
process.exit(0);
