/** Messages between the page and the journal worker (journalWorker.ts). Each carries its sequence number. */
export type JournalRequest = { seq: number; doc: string; instance: string } & (
  | { type: 'start'; progress: SharedArrayBuffer }
  | { type: 'open' }
  | { type: 'append'; id: number; update: Uint8Array }
  | { type: 'confirm'; id: number }
  | { type: 'close' }
  | { type: 'take'; request: number }
  | { type: 'drop'; names: string[] }
);

export type JournalReply = { type: 'taken'; request: number; names: string[]; updates: Uint8Array[] } | { type: 'failed'; seq: number; reason: string };
