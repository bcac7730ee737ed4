/**
 * One load-generator process of `npm run bench:relay`, forked by bench/relay.ts.
 * It holds every client of the rooms it was given (each with its own Y.Doc and
 * websocket), so an edit's sender and its receivers share one clock:
 * latency = performance.now() at the receiver minus the send time embedded in the edit.
 */
import { performance } from 'node:perf_hooks';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { ClientKind, FromLoadgen, LoadResult, RoomLoad, ToLoadgen } from './protocol';

interface Client {
  room: number;
  text: Y.Text;
  synced: Promise<void>;
  destroy(): void;
}

const TICK_MS = 5;
/** One edit as inserted text: `<edit id>|<send time, ms on this process' clock>;` */
const EDIT = /(\d+)\|([\d.]+);/g;

// Every provider registers an exit handler on the process.
process.setMaxListeners(0);

const clients: Client[] = [];
const roomClients: Client[][] = [];
let disconnects = 0;
let closing = false;

// Per edit, indexed by edit id: when it was sent, how many receivers still miss it, when the last got it.
const sentAt: number[] = [];
const remaining: number[] = [];
const completedAt: number[] = [];
const deliveredAt: number[] = [];
const latencyOf: number[] = [];
const deliveryEdit: number[] = [];

function send(message: FromLoadgen): void {
  process.send?.(message);
}

function openClient(kind: ClientKind, url: string, token: string | null, room: RoomLoad, roomIndex: number): Client {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.observe((event) => {
    if (event.transaction.local) return;
    const now = performance.now();
    for (const op of event.delta) {
      if (typeof op.insert !== 'string') continue;
      for (const match of op.insert.matchAll(EDIT)) {
        const id = Number(match[1]);
        if (remaining[id] === undefined) continue;
        deliveredAt.push(now);
        latencyOf.push(now - Number(match[2]));
        deliveryEdit.push(id);
        remaining[id] -= 1;
        if (remaining[id] === 0) completedAt[id] = now;
      }
    }
  });
  const onClose = () => {
    if (!closing) disconnects += 1;
  };
  if (kind === 'hocuspocus') {
    // One socket per client, as with y-websocket (Hocuspocus could multiplex documents over one).
    const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: room.name, document: doc, token });
    provider.attach();
    provider.on('close', onClose);
    const synced = new Promise<void>((resolve) => {
      if (provider.isSynced) resolve();
      provider.on('synced', () => resolve());
    });
    return {
      room: roomIndex,
      text,
      synced,
      destroy: () => {
        provider.destroy();
        socket.destroy();
      },
    };
  }
  const params: Record<string, string> = token === null ? {} : { token };
  const provider = new WebsocketProvider(url, room.name, doc, { WebSocketPolyfill: WebSocket as never, disableBc: true, params });
  provider.on('connection-close', onClose);
  const synced = new Promise<void>((resolve) => {
    provider.on('sync', (isSynced: boolean) => {
      if (isSynced) resolve();
    });
  });
  return { room: roomIndex, text, synced, destroy: () => provider.destroy() };
}

async function connect(message: Extract<ToLoadgen, { type: 'connect' }>): Promise<void> {
  const started = performance.now();
  const pending: Array<{ room: RoomLoad; index: number }> = [];
  message.rooms.forEach((room, index) => {
    roomClients[index] = [];
    for (let i = 0; i < room.clients; i++) pending.push({ room, index });
  });
  for (let from = 0; from < pending.length; from += message.batch) {
    const batch = pending.slice(from, from + message.batch).map(({ room, index }) => {
      const client = openClient(message.kind, message.url, message.token, room, index);
      clients.push(client);
      roomClients[index]!.push(client);
      return client.synced;
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`clients ${from}..${from + batch.length} not synced after ${message.timeoutMs} ms`)), message.timeoutMs);
    });
    try {
      await Promise.race([Promise.all(batch), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
  send({ type: 'connected', clients: clients.length, ms: performance.now() - started });
}

async function run(message: Extract<ToLoadgen, { type: 'run' }>): Promise<LoadResult> {
  const total = clients.length;
  const perMs = (message.ratePerClient * total) / 1000;
  const start = performance.now();
  const windowStart = start + message.warmupMs;
  const windowEnd = windowStart + message.measureMs;
  let cpuAtStart: NodeJS.CpuUsage | null = null;
  let cpu = 0;
  let sent = 0;
  let maxLagMs = 0;
  let last = start;

  // A steady offered load: by time t, rate × clients × t edits have gone out,
  // round-robin over the clients, whatever the event loop's hiccups.
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      maxLagMs = Math.max(maxLagMs, now - last - TICK_MS);
      last = now;
      if (cpuAtStart === null && now >= windowStart) cpuAtStart = process.cpuUsage();
      const until = Math.min(now, windowEnd);
      const due = Math.floor((until - start) * perMs);
      while (sent < due) {
        const client = clients[sent % total]!;
        const id = sentAt.length;
        const at = performance.now();
        sentAt.push(at);
        remaining.push(roomClients[client.room]!.length - 1);
        completedAt.push(NaN);
        client.text.insert(0, `${id}|${at.toFixed(3)};`);
        sent += 1;
      }
      if (now >= windowEnd) {
        clearInterval(timer);
        const used = process.cpuUsage(cpuAtStart ?? undefined);
        cpu = (used.user + used.system) / 1000 / (now - (cpuAtStart === null ? now : windowStart));
        resolve();
      }
    }, TICK_MS);
  });
  await new Promise((resolve) => setTimeout(resolve, message.drainMs));

  const inWindow = (t: number) => t >= windowStart && t < windowEnd;
  const latencies: number[] = [];
  let deliveries = 0;
  for (let i = 0; i < deliveredAt.length; i++) {
    if (inWindow(deliveredAt[i]!)) deliveries += 1;
    if (inWindow(sentAt[deliveryEdit[i]!]!)) latencies.push(latencyOf[i]!);
  }
  let windowSent = 0;
  let completed = 0;
  let undelivered = 0;
  for (let id = 0; id < sentAt.length; id++) {
    if (inWindow(completedAt[id]!)) completed += 1;
    if (!inWindow(sentAt[id]!)) continue;
    windowSent += 1;
    if (remaining[id]! > 0) undelivered += 1;
  }
  let diverged = 0;
  for (const members of roomClients) {
    const first = members[0]?.text.toString();
    if (members.some((member) => member.text.toString() !== first)) diverged += 1;
  }
  return { clients: total, sent: windowSent, completed, deliveries, latencies, undelivered, diverged, disconnects, cpu, maxLagMs };
}

process.on('message', (message: ToLoadgen) => {
  const fail = (error: unknown) => send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  switch (message.type) {
    case 'connect':
      connect(message).catch(fail);
      return;
    case 'run':
      run(message).then((result) => send({ type: 'result', result }), fail);
      return;
    case 'close':
      closing = true;
      for (const client of clients) client.destroy();
      // Let the close frames go out, then leave even if a socket lingers.
      setTimeout(() => process.exit(0), 200);
      return;
  }
});

// The parent going away must not leave a thousand sockets open.
process.on('disconnect', () => process.exit(0));
