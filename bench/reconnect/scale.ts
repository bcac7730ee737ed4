/**
 * The relay at scale, run as people run it (`relay/cli.ts` in its own process, its memory read from
 * /proc): 50 workspaces of 200 docs, and 1,000 devices (20 per workspace) connected with every doc
 * of their workspace open, one socket each: 1,000 sockets, 200,000 channels, 10,050 rooms. Reported:
 * the relay's RSS before and with them, sockets and channels.
 *
 * One socket per doc cannot be put beside it at that size on this machine (200,000 sockets, twice
 * over with the bench's own ends, against a limit of 20,000 open files), so the same comparison is
 * also made at 50 devices (one per workspace) × 200 docs: 10,000 sockets against 50.
 *
 * The devices are minimal clients written against the wire (shared/protocol): the relay's cost, not
 * the sync engine's, is what this measures. The relay runs without tokens (`--no-auth`), so that a
 * thousand members need not be invited through its rate-limited access endpoints.
 */
import { readFileSync } from 'node:fs';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { decodeMuxFrame, encodeMuxFrame, MESSAGE_SYNC, MUX_SUBPROTOCOL } from '../../shared/protocol';
import { createTempDir, removeTempDir, spawnRelayCli, type RelayProcess } from '../../test/helpers';

const WORKSPACES = 50;
const DOCS = 200;
const DEVICES_PER_WORKSPACE = 20;
const OPENING = 32;

const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

function rssMb(relay: RelayProcess): number {
  const status = readFileSync(`/proc/${relay.child.pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

function syncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** A device's one socket: channels opened a few at a time, each counted once its step 2 arrived. */
class MuxDevice {
  private readonly ws: WebSocket;
  private readonly waiting = new Map<number, () => void>();
  readonly opened: Promise<void>;

  constructor(url: string, workspace: string) {
    this.ws = new WebSocket(`${url}/${workspace}`, [MUX_SUBPROTOCOL]);
    this.ws.binaryType = 'nodebuffer';
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.ws.on('message', (data: Buffer) => {
      const frame = decodeMuxFrame(new Uint8Array(data));
      if (frame.kind === 'doc') {
        this.waiting.get(frame.channel)?.();
        this.waiting.delete(frame.channel);
      } else if (frame.kind === 'close' && frame.code !== 1000) {
        throw new Error(`channel ${frame.channel} closed: ${frame.code} ${frame.reason}`);
      }
    });
  }

  /** Opens `docIds` as channels 0…n-1; resolves once the relay answered each. */
  async openAll(docIds: readonly string[], write?: (docId: string) => Uint8Array): Promise<void> {
    for (let at = 0; at < docIds.length; at += OPENING) {
      await Promise.all(
        docIds.slice(at, at + OPENING).map(
          (docId, i) =>
            new Promise<void>((resolve) => {
              const channel = at + i;
              this.waiting.set(channel, resolve);
              this.ws.send(encodeMuxFrame({ kind: 'open', channel, docId, presence: false, answer: false, since: 0, stateVector: EMPTY_STATE_VECTOR }));
              if (write) this.ws.send(encodeMuxFrame({ kind: 'doc', channel, message: syncUpdate(write(docId)) }));
            }),
        ),
      );
    }
  }

  close(): void {
    this.ws.terminate();
  }
}

/** One socket per doc, as a stock y-websocket client holds it; resolves once the relay's step 1 came. */
function perDocSocket(url: string, room: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}/${room}`);
    ws.once('message', () => resolve(ws));
    ws.once('error', reject);
  });
}

function docIds(): string[] {
  return ['index', ...Array.from({ length: DOCS - 1 }, (_, i) => `doc-${i}`)];
}

async function settle(relay: RelayProcess): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  return rssMb(relay);
}

/** A relay process with 50 workspaces of 200 docs stored and loaded; `use` runs against it, then it stops. */
async function withSeededRelay<T>(use: (relay: RelayProcess, ids: string[], workspaces: string[]) => Promise<T>): Promise<T> {
  const dataDir = createTempDir('baton-bench-scale-');
  const relay = await spawnRelayCli(['--no-auth', '--port', '0', '--data', dataDir, '--max-rooms', '20000', '--max-connections-per-ip', '20000', '--idle-unload-ms', '600000']);
  try {
    const ids = docIds();
    const workspaces = Array.from({ length: WORKSPACES }, (_, i) => `scale-${i}`);
    console.log(`seeding ${WORKSPACES} workspaces of ${DOCS} docs…`);
    for (const workspace of workspaces) {
      const seeder = new MuxDevice(relay.url, workspace);
      await seeder.opened;
      await seeder.openAll(ids, (docId) => {
        const doc = new Y.Doc();
        doc.getText('body').insert(0, `${workspace}/${docId}: the plan as it stood.`);
        return Y.encodeStateAsUpdate(doc);
      });
      seeder.close();
    }
    return await use(relay, ids, workspaces);
  } finally {
    relay.kill();
    await relay.exited;
    removeTempDir(dataDir);
  }
}

export async function relayAtScale(): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  // 1,000 devices, every doc open.
  await withSeededRelay(async (relay, ids, workspaces) => {
    const idleMb = await settle(relay);
    console.log(`connecting ${WORKSPACES * DEVICES_PER_WORKSPACE} devices…`);
    const devices: MuxDevice[] = [];
    const began = performance.now();
    for (const workspace of workspaces) {
      for (let d = 0; d < DEVICES_PER_WORKSPACE; d++) {
        const device = new MuxDevice(relay.url, workspace);
        devices.push(device);
        await device.opened;
        await device.openAll(ids);
      }
    }
    const connectMs = performance.now() - began;
    const withDevicesMb = await settle(relay);
    rows.push({
      measure: 'relay at scale: one socket per device',
      devices: devices.length,
      docsPerDevice: DOCS,
      sockets: devices.length,
      channels: devices.length * DOCS,
      rooms: WORKSPACES * DOCS,
      relayRssIdleMb: idleMb,
      relayRssMb: withDevicesMb,
      perDeviceKb: Math.round(((withDevicesMb - idleMb) * 1024) / devices.length),
      connectAllMs: Math.round(connectMs),
      target: null,
    });
    for (const device of devices) device.close();
  });

  // 50 devices × 200 docs, each way on a relay of its own (a relay that served the other first may give memory back meanwhile).
  for (const transport of ['mux', 'per-doc'] as const) {
    await withSeededRelay(async (relay, ids, workspaces) => {
      const before = await settle(relay);
      const held: { close(): void }[] = [];
      for (const workspace of workspaces) {
        if (transport === 'mux') {
          const device = new MuxDevice(relay.url, workspace);
          await device.opened;
          await device.openAll(ids);
          held.push(device);
        } else {
          for (let at = 0; at < ids.length; at += OPENING) {
            const sockets = await Promise.all(ids.slice(at, at + OPENING).map((id) => perDocSocket(relay.url, `${workspace}/${id}`)));
            held.push(...sockets.map((ws) => ({ close: () => ws.terminate() })));
          }
        }
      }
      const after = await settle(relay);
      rows.push({
        measure: 'relay at scale: 50 devices × 200 docs',
        transport,
        devices: WORKSPACES,
        docsPerDevice: DOCS,
        sockets: transport === 'mux' ? WORKSPACES : WORKSPACES * DOCS,
        relayRssBeforeMb: before,
        relayRssMb: after,
        addedMb: Math.round((after - before) * 10) / 10,
        target: null,
      });
      for (const socket of held) socket.close();
    });
  }
  return rows;
}
