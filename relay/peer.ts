/** A connected client as a room sees it; the websocket stays in server.ts. */
export interface Peer {
  readonly id: string;
  /**
   * Who the connection speaks for (its token's id). Peers with the same identity may
   * take over each other's awareness client ids — the same device reconnecting before
   * its old socket is gone; others may not ([R8]). Undefined without auth: all alike.
   */
  readonly identity?: string;
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}
