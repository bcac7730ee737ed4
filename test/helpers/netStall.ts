import { startPassThrough } from './passThrough';

/**
 * A network that goes silent without closing anything (a Wi-Fi that stops forwarding, a laptop
 * lid closed on a train): a TCP pass-through on 127.0.0.1 whose `stall()` keeps every socket open
 * on both sides and drops every byte from then on. Connections made while stalled are accepted
 * and black-holed too (the upgrade never gets an answer). `resume()` lets new connections through;
 * those that lost a byte to a stall stay dead, as a path that lost bytes mid-stream is.
 */
export interface NetStall {
  /** ws://127.0.0.1:<port>: give this to the device instead of the relay's own address. */
  url: string;
  stall(): void;
  resume(): void;
  /** TCP connections from clients still open (stalled ones included): the network closed none. */
  openConnections(): number;
  close(): Promise<void>;
}

export async function startNetStall(target: string): Promise<NetStall> {
  let stalled = false;
  const line = await startPassThrough(target, {
    opened: (connection) => void (connection.silent = stalled),
    chunk: (_chunk, _direction, connection) => void (connection.silent ||= stalled),
  });
  return {
    url: line.url,
    stall() {
      stalled = true;
    },
    resume() {
      stalled = false;
    },
    openConnections: line.openConnections,
    close: line.close,
  };
}
