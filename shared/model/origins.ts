/**
 * Every write names its origin so providers and observers can tell their own
 * changes from others' (y-indexeddb skips `origin === this`, the undo manager
 * tracks only LOCAL).
 */
export const Origin = {
  /** A person using this device. Undoable. */
  local: 'baton:local',
  /** Created on first run or by a seed (not undoable). */
  setup: 'baton:setup',
  /** Bookkeeping by the sync layer (e.g. marking a page edited). Not undoable. */
  sync: 'baton:sync',
  /** Imported from a file or backup. */
  import: 'baton:import',
} as const;

export type OriginName = (typeof Origin)[keyof typeof Origin];
