/** A connected client as a room sees it; the websocket stays in server.ts. */
export interface Peer {
  readonly id: string;
  /**
   * Who the connection speaks for (its token's id). Peers with the same identity may
   * take over each other's awareness client ids — the same device reconnecting before
   * its old socket is gone; others may not ([R8]). Undefined without auth: all alike.
   */
  readonly identity?: string;
  /**
   * Set for a channel of a multiplexed socket ([R38]): the room sends it no greeting
   * when it joins (`Room.open` answers instead), answers its sync step 1 with step 2
   * only, and relays awareness to and from it only with `presence`.
   */
  readonly channel?: { readonly presence: boolean };
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}
