/**
 * A fake network for sync unit tests: client sockets paired with a relay end.
 * A test plays the relay itself (accept, deliver, drop), or lets FakeRelay
 * answer like the real one: a y-websocket room per URL path, messages handled
 * in order, step 1 answered with step 2, updates forwarded to the room.
 * No timers and no I/O, so fake timers decide every delay.
 * Not exported from index.ts; production code never needs it.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../protocol/wire';
import { FakeMuxServer, isMuxSocket } from './testingMux';
import type { SocketFactory, SocketLike } from './types';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;
/** What a socket reports when the network drops it without a close frame. */
export const ABNORMAL_CLOSURE = 1006;

export type FrameKind = 'step1' | 'step2' | 'update' | 'awareness' | 'other';

/** What a frame of the y-websocket protocol is, for assertions. */
export function frameKind(frame: Uint8Array): FrameKind {
  const decoder = decoding.createDecoder(frame);
  const type = decoding.readVarUint(decoder);
  if (type === MESSAGE_AWARENESS) return 'awareness';
  if (type !== MESSAGE_SYNC) return 'other';
  const sub = decoding.readVarUint(decoder);
  if (sub === syncProtocol.messageYjsSyncStep1) return 'step1';
  if (sub === syncProtocol.messageYjsSyncStep2) return 'step2';
  if (sub === syncProtocol.messageYjsUpdate) return 'update';
  return 'other';
}

/** The client end is what RelayConnection holds; the relay end is the methods below `send`/`close`. */
export class FakeSocket implements SocketLike {
  binaryType = 'blob';
  readyState = CONNECTING;
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason?: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  /** Frames the client wrote that the relay end has not read yet, oldest first. */
  readonly outbox: Uint8Array[] = [];
  /** Every frame the client wrote, for assertions. */
  readonly written: Uint8Array[] = [];
  /** The code the client closed with; null while it has not. */
  closedByClient: number | null = null;

  constructor(
    readonly url: string,
    private readonly network: FakeNetwork,
    /** The subprotocols offered (where Baton's client puts its token). */
    readonly protocols: string[] = [],
  ) {
    network.added(this);
  }

  /** `<workspace>/<doc>`: the URL's path, without the token. */
  get room(): string {
    const path = this.url.replace(/^[a-z]+:\/\/[^/]+\//i, '');
    return path.split('?')[0] ?? path;
  }

  get closed(): boolean {
    return this.readyState === CLOSED;
  }

  send(data: Uint8Array): void {
    if (this.readyState !== OPEN) throw new Error('send on a socket that is not open');
    const frame = data.slice();
    this.outbox.push(frame);
    this.written.push(frame);
    this.network.changed();
  }

  close(code?: number): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.closedByClient = code ?? 1000;
    // Like a browser: the close event comes later, and only to handlers still attached then.
    void Promise.resolve().then(() => this.onclose?.({ code: code ?? 1000 }));
    this.network.changed();
  }

  // ---- relay end ----

  accept(): void {
    if (this.readyState !== CONNECTING) return;
    this.readyState = OPEN;
    this.onopen?.({});
  }

  /** The upgrade failed (relay down, refused): closed without ever opening. */
  refuse(code = ABNORMAL_CLOSURE): void {
    if (this.readyState !== CONNECTING) return;
    this.readyState = CLOSED;
    this.onclose?.({ code });
  }

  deliver(frame: Uint8Array): void {
    if (this.readyState !== OPEN) return;
    const copy = frame.slice();
    this.onmessage?.({ data: copy.buffer });
  }

  /** The connection is lost (or the relay closes it with `code`). */
  drop(code = ABNORMAL_CLOSURE): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.onclose?.({ code });
    this.network.changed();
  }

  /** Reads the oldest unread frame. */
  take(): Uint8Array | undefined {
    return this.outbox.shift();
  }
}

/** Every socket the code under test opened; `WebSocket` is what it is given as its factory. */
export class FakeNetwork {
  readonly sockets: FakeSocket[] = [];
  readonly WebSocket: SocketFactory;
  /** The most sockets not closed at any one time, by room filter, for bounds. */
  private peaks: { filter: (room: string) => boolean; peak: number }[] = [];
  private listeners: (() => void)[] = [];

  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const network = this;
    this.WebSocket = class extends FakeSocket {
      constructor(url: string, protocols?: string[]) {
        super(url, network, protocols);
      }
    };
  }

  /** Sockets not closed, optionally only those whose room passes `filter`. */
  live(filter: (room: string) => boolean = () => true): FakeSocket[] {
    return this.sockets.filter((socket) => !socket.closed && filter(socket.room));
  }

  /** Starts tracking the most live sockets at once among rooms passing `filter`; returns a reader. */
  trackPeak(filter: (room: string) => boolean): () => number {
    const tracker = { filter, peak: this.live(filter).length };
    this.peaks.push(tracker);
    return () => tracker.peak;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  added(socket: FakeSocket): void {
    this.sockets.push(socket);
    this.changed();
  }

  changed(): void {
    for (const tracker of this.peaks) tracker.peak = Math.max(tracker.peak, this.live(tracker.filter).length);
    for (const listener of this.listeners) listener();
  }
}

/**
 * Serves a FakeNetwork like Baton's relay serves stock clients: accepts each
 * socket and sends its own step 1, handles each socket's frames in order
 * (step 1 → step 2 with what the client lacks; step 2 and updates applied and
 * forwarded to the room's other sockets; awareness forwarded), all on a
 * microtask after the client wrote. `hold()` stops it so a test can read and
 * answer frames one at a time.
 */
export class FakeRelay {
  private readonly rooms = new Map<string, Y.Doc>();
  private held = false;
  private scheduled = false;
  /** New connections fail as if the relay were unreachable. */
  down = false;
  /** The one-socket wire, for sockets that ask for it (testingMux.ts). */
  readonly mux: FakeMuxServer;

  constructor(readonly network: FakeNetwork) {
    this.mux = new FakeMuxServer(
      (room) => this.doc(room),
      () => network.live(),
    );
    network.onChange(() => this.schedule());
  }

  /** The relay's copy of a room (created empty on first use). */
  doc(room: string): Y.Doc {
    let doc = this.rooms.get(room);
    if (!doc) {
      doc = new Y.Doc();
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        const message = syncMessage((encoder) => syncProtocol.writeUpdate(encoder, update));
        this.forward(room, origin, message);
        this.mux.forward(room, origin, message);
        this.mux.stored(room, origin);
      });
      this.rooms.set(room, doc);
    }
    return doc;
  }

  /** The relay's copy of a room goes back to `state` (restored from a backup taken then), as it stores it. */
  restore(room: string, state: Uint8Array): void {
    this.rooms.get(room)?.destroy();
    this.rooms.delete(room);
    Y.applyUpdate(this.doc(room), state, 'backup');
  }

  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    this.serve();
  }

  /** The network breaks: every open socket is lost. */
  dropAll(): void {
    for (const socket of this.network.live()) socket.drop();
  }

  /** Handles the oldest frame `socket` wrote (also while held); false if there was none. */
  step(socket: FakeSocket): boolean {
    const frame = socket.take();
    if (!frame) return false;
    this.handle(socket, frame);
    return true;
  }

  /** Accepts or refuses waiting sockets and handles every written frame until nothing is left. */
  serve(): void {
    for (let busy = true; busy; ) {
      busy = false;
      for (const socket of this.network.sockets) {
        if (socket.readyState === CONNECTING) {
          busy = true;
          if (this.down) socket.refuse();
          else this.accept(socket);
        }
        while (socket.readyState === OPEN && this.step(socket)) busy = true;
      }
    }
  }

  private schedule(): void {
    if (this.held || this.scheduled) return;
    this.scheduled = true;
    void Promise.resolve().then(() => {
      this.scheduled = false;
      if (!this.held) this.serve();
    });
  }

  /** Opens a waiting socket and sends the relay's own step 1, as the relay does on connection. */
  accept(socket: FakeSocket): void {
    socket.accept();
    if (isMuxSocket(socket)) return; // the client opens channels; nothing is said first
    const doc = this.doc(socket.room);
    socket.deliver(syncMessage((encoder) => syncProtocol.writeSyncStep1(encoder, doc)));
  }

  private handle(socket: FakeSocket, frame: Uint8Array): void {
    if (isMuxSocket(socket)) return this.mux.handle(socket, frame);
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.readSyncMessage(decoder, encoder, this.doc(socket.room), socket);
      if (encoding.length(encoder) > 1) socket.deliver(encoding.toUint8Array(encoder));
    } else if (type === MESSAGE_AWARENESS) {
      this.forward(socket.room, socket, frame);
    }
  }

  private forward(room: string, from: unknown, frame: Uint8Array): void {
    for (const socket of this.network.live((other) => other === room)) if (socket !== from) socket.deliver(frame);
  }
}

function syncMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  write(encoder);
  return encoding.toUint8Array(encoder);
}
