import WebSocket from 'ws';
import { decodeMuxFrame, MUX_SUBPROTOCOL, type MuxFrame } from '../../shared/protocol/mux';
import type { SocketFactory } from '../../shared/sync';

/** What one device's client wrote and received on its sockets, decoded, for assertions. */
export interface MuxSpy {
  /** The factory to give WorkspaceSync in place of `ws`. */
  WebSocket: SocketFactory;
  /** Sockets the device dialled (multiplexed or not), in order. */
  dialled: { url: string; mux: boolean }[];
  /** Every frame the device sent on a multiplexed socket, decoded. */
  sent: MuxFrame[];
  /** Every frame it received on one. */
  received: MuxFrame[];
  /** Both, in the order they happened. */
  log: { sent: boolean; frame: MuxFrame }[];
  /** The OPEN frames it sent, in order. */
  opens(): Extract<MuxFrame, { kind: 'open' }>[];
  clear(): void;
}

export function muxSpy(): MuxSpy {
  const spy: MuxSpy = {
    WebSocket: null as unknown as SocketFactory,
    dialled: [],
    sent: [],
    received: [],
    log: [],
    opens: () => spy.sent.filter((frame): frame is Extract<MuxFrame, { kind: 'open' }> => frame.kind === 'open'),
    clear: () => {
      spy.sent.length = 0;
      spy.received.length = 0;
      spy.dialled.length = 0;
      spy.log.length = 0;
    },
  };
  class SpiedSocket extends WebSocket {
    constructor(url: string, protocols?: string[]) {
      super(url, protocols);
      const mux = protocols?.includes(MUX_SUBPROTOCOL) ?? false;
      spy.dialled.push({ url, mux });
      if (!mux) return;
      this.on('message', (data: Buffer) => {
        try {
          const frame = decodeMuxFrame(new Uint8Array(data));
          spy.received.push(frame);
          spy.log.push({ sent: false, frame });
        } catch {
          // not ours to judge
        }
      });
    }

    override send(data: Uint8Array): void {
      if (this.protocol === MUX_SUBPROTOCOL) {
        const frame = decodeMuxFrame(data);
        spy.sent.push(frame);
        spy.log.push({ sent: true, frame });
      }
      super.send(data);
    }
  }
  spy.WebSocket = SpiedSocket as unknown as SocketFactory;
  return spy;
}

/** Doc frames carrying a y-websocket message of `type` the device received on channels `docId` was open on. */
export function receivedOn(spy: MuxSpy, docId: string, type: number): number {
  const channels = new Set<number>();
  let count = 0;
  for (const { sent, frame } of spy.log) {
    if (sent && frame.kind === 'open' && frame.docId === docId) channels.add(frame.channel);
    else if (!sent && frame.kind === 'close') channels.delete(frame.channel);
    else if (!sent && frame.kind === 'doc' && channels.has(frame.channel) && frame.message[0] === type) count++;
  }
  return count;
}

/** The docs the device holds open on its socket now, as far as the relay's answers say (a close from the relay ends a channel). */
export function openDocs(spy: MuxSpy): string[] {
  const channels = new Map<number, string>();
  for (const { sent, frame } of spy.log) {
    if (sent && frame.kind === 'open') channels.set(frame.channel, frame.docId);
    else if (!sent && frame.kind === 'close') channels.delete(frame.channel);
  }
  return [...channels.values()];
}
