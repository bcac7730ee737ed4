/** Messages between `bench/relay.ts` and its load-generator processes (`loadgen.ts`). */

/** Which client library talks to the server: stock y-websocket, or Hocuspocus' own provider. */
export type ClientKind = 'y-websocket' | 'hocuspocus';

export interface RoomLoad {
  /** `<workspaceId>/<docId>` */
  name: string;
  clients: number;
}

export type ToLoadgen =
  | { type: 'connect'; kind: ClientKind; url: string; token: string | null; rooms: RoomLoad[]; batch: number; timeoutMs: number }
  | { type: 'run'; ratePerClient: number; warmupMs: number; measureMs: number; drainMs: number }
  | { type: 'close' };

export interface LoadResult {
  clients: number;
  /** Edits sent inside the measured window. */
  sent: number;
  /** Edits whose delivery to every other client of their room completed inside the window. */
  completed: number;
  /** (edit, receiver) deliveries that happened inside the window. */
  deliveries: number;
  /** Latency of every delivery of an edit sent inside the window, in ms. */
  latencies: number[];
  /** Edits sent inside the window still missing at a receiver after the drain. */
  undelivered: number;
  /** Rooms whose clients hold different text after the drain. */
  diverged: number;
  /** Connections that closed during the run. */
  disconnects: number;
  /** CPU time of this process over the window, as a share of one core. */
  cpu: number;
  /** Worst event-loop delay seen by the send scheduler, in ms. */
  maxLagMs: number;
}

export type FromLoadgen =
  | { type: 'connected'; clients: number; ms: number }
  | { type: 'result'; result: LoadResult }
  | { type: 'error'; message: string };
