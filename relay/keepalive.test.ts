import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebSocketServer } from 'ws';
import { KEEPALIVE_FRAME, KEEPALIVE_SLOTS, startKeepalive } from './keepalive';

const INTERVAL = 1600;
const TICK = INTERVAL / KEEPALIVE_SLOTS;

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  pings = 0;
  frames: Uint8Array[] = [];
  terminated = false;
  lastSentAt: number | undefined;
  /** Answers pings like a live client unless told not to. */
  constructor(private readonly answers = true) {
    super();
  }
  ping(): void {
    this.pings += 1;
    if (this.answers) this.emit('pong');
  }
  send(frame: Uint8Array): void {
    this.frames.push(frame);
  }
  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
  }
}

function fakeServer() {
  const wss = new EventEmitter() as EventEmitter & { clients: Set<FakeSocket> };
  wss.clients = new Set();
  const connect = (socket: FakeSocket) => {
    wss.clients.add(socket);
    wss.emit('connection', socket);
    return socket;
  };
  return { wss: wss as unknown as WebSocketServer, connect };
}

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
  vi.useRealTimers();
});

describe('keepalive [R9]', () => {
  it('pings a slice of the connections at a time, and every connection once per interval', () => {
    vi.useFakeTimers();
    const { wss, connect } = fakeServer();
    stop = startKeepalive(wss, INTERVAL);
    const sockets = Array.from({ length: 320 }, () => connect(new FakeSocket()));

    vi.advanceTimersByTime(TICK);
    // A thousand clients pinged in one tick, and their pongs, would stall everyone's edits.
    expect(sockets.filter((socket) => socket.pings > 0)).toHaveLength(320 / KEEPALIVE_SLOTS);

    vi.advanceTimersByTime(INTERVAL - TICK);
    expect(sockets.every((socket) => socket.pings === 1)).toBe(true);
    vi.advanceTimersByTime(INTERVAL);
    expect(sockets.every((socket) => socket.pings === 2 && !socket.terminated)).toBe(true);

    // A connection that closed is forgotten.
    const gone = sockets[0]!;
    gone.emit('close');
    vi.advanceTimersByTime(INTERVAL);
    expect(gone.pings).toBe(2);
    expect(sockets.slice(1).every((socket) => socket.pings === 3)).toBe(true);
  });

  it('terminates a connection that did not answer the previous ping', () => {
    vi.useFakeTimers();
    const { wss, connect } = fakeServer();
    stop = startKeepalive(wss, INTERVAL);
    const silent = connect(new FakeSocket(false));
    const live = connect(new FakeSocket());
    vi.advanceTimersByTime(INTERVAL);
    expect(silent.terminated).toBe(false);
    vi.advanceTimersByTime(INTERVAL);
    expect(silent.terminated).toBe(true);
    expect(live.terminated).toBe(false);
  });

  it('sends its own message only to connections that heard nothing for half an interval', () => {
    vi.useFakeTimers();
    let now = 0;
    const { wss, connect } = fakeServer();
    stop = startKeepalive(wss, INTERVAL, () => now);
    const quiet = connect(new FakeSocket());
    const busy = connect(new FakeSocket());
    for (let elapsed = 0; elapsed < 3 * INTERVAL; elapsed += TICK) {
      now = elapsed;
      busy.lastSentAt = now;
      vi.advanceTimersByTime(TICK);
    }
    expect(busy.pings).toBe(3);
    expect(busy.frames).toEqual([]);
    expect(quiet.frames).toEqual([KEEPALIVE_FRAME, KEEPALIVE_FRAME, KEEPALIVE_FRAME]);
  });
});
