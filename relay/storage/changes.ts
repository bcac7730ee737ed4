/**
 * Change numbers ([R40]): every stored update stamps its doc with the next change
 * number of the doc's workspace, in the same durable write as the update, so a
 * device can ask "which docs changed after my cursor?" from an index, without
 * loading a single room (the multiplexed socket's CATCHUP, [R41]).
 *
 * A number is the larger of "the workspace's last number + 1" and the current time
 * in microseconds. The +1 keeps numbers strictly increasing whatever the clock does;
 * the clock makes a store that starts over (a data directory restored from a backup,
 * or a new one) hand out numbers above every cursor the old one gave away, so a
 * device's cursor can never make the relay skip a change it has not seen
 * (`since`, [R39]). Microseconds since 1970 stay below 2^53 until the year 2255.
 */
/** Docs of one workspace stored to after a cursor, oldest change first. */
export interface ChangedDocs {
  /**
   * Where the caller is caught up to once it has synced `docIds`: the last listed
   * doc's number when the list was cut at `limit`, else the workspace's latest
   * number (or the cursor asked for, if the workspace has none above it).
   */
  cursor: number;
  docIds: string[];
}

/** What the store knows of a doc's change numbers; 0 means none. */
export interface ChangeStamp {
  /** The number the doc was last stamped with. */
  doc: number;
  /** The workspace's latest number. */
  workspace: number;
}

/** A doc was stored to: on this instance, or on another one when scaled out ([R44]). */
export type ChangeListener = (workspaceId: string, docId: string) => void;

/**
 * The change numbers of a store. Both stores keep them beside the updates: SQLite
 * (journal, then a `doc_changes` table) and PostgreSQL (`baton_doc_changes` and a
 * per-workspace counter row that serializes the numbers in commit order).
 */
export interface ChangeLog {
  /** Docs of `workspaceId` stamped after `cursor`, at most `limit`, by change number. */
  changedSince(workspaceId: string, cursor: number, limit: number): Promise<ChangedDocs>;
  /** The room's stamp and its workspace's latest number, counting every append made before the call. */
  changeStamp(room: string): ChangeStamp | Promise<ChangeStamp>;
  /** Called after every append that stamped a doc (local ones, and when scaled out, other instances' of watched workspaces). */
  onChange(listener: ChangeListener): void;
  /** Scaled out: start (and stop) hearing other instances' changes of this workspace; counted per call. */
  watchWorkspace?(workspaceId: string): void;
  unwatchWorkspace?(workspaceId: string): void;
}

export function hasChangeLog<S extends object>(store: S): store is S & ChangeLog {
  return typeof (store as Partial<ChangeLog>).changedSince === 'function';
}

/** The next change number after `last`: strictly larger, and at least the clock in microseconds. */
export function nextChange(last: number, nowMs: number = Date.now()): number {
  return Math.max(last + 1, Math.floor(nowMs) * 1000);
}

