/**
 * Watches page docs through a time apart and, once a doc is back in step with the relay, records
 * what both sides changed differently meanwhile (shared/model/merges.ts), so nothing is dropped
 * silently: a paragraph two people rewrote, a status one set to Blocked and another to Done.
 *
 * It keeps three states of a doc (shared/model/mergeDetect.ts):
 * - base: the doc as it was when this device was last in step with the relay, taken just before
 *   the first local change made apart, once per time apart, and kept in the doc's stored meta so a
 *   restart while offline keeps it;
 * - local: the doc just before the relay's first update after reconnecting (base + changes made apart);
 * - remote: the relay's updates, as it sent them, until the doc is in step again (base + them = the
 *   others' side; the relay's changes never build on ours made apart, which it did not have).
 * A doc nobody edited apart costs nothing; one edited apart costs an encoded copy of it, once.
 */
import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { apartStates, destroyApart, findMerges } from '../model/mergeDetect';
import { recordMerges } from '../model/merges';
import type { LoadedDoc } from './docs';
import type { SyncState } from './types';

export const MERGE_BASE_KEY = 'baton:merge-base';
/** The relay's updates kept at most while catching up; past it the sides cannot be told apart, and nothing is recorded. */
export const MAX_REMOTE_BYTES = 8 * 1024 * 1024;

export interface MergeWatchOptions {
  /** Docs whose merges are reviewed (pages and task lists, not the index or a history doc). */
  isPage(docId: string): boolean;
  /** Whether this device may change docs and has a relay to be apart from. */
  watching(): boolean;
}

interface Watch {
  base: Uint8Array | null;
  /** A base taken for a transaction that may turn out to write nothing. */
  candidate: Uint8Array | null;
  local: Uint8Array | null;
  remote: Uint8Array[];
  remoteBytes: number;
  /** In step with the relay since it last connected: changes now are not made apart. */
  inStep: boolean;
  ready: Promise<void>;
  stop(): void;
}

export class MergeWatch {
  private readonly watches = new Map<LoadedDoc, Watch>();

  constructor(private readonly options: MergeWatchOptions) {}

  /** Starts watching a loaded doc; resolves once its stored base is read (connect after that). */
  attach(entry: LoadedDoc): Promise<void> {
    if (!this.options.isPage(entry.docId)) return Promise.resolve();
    const existing = this.watches.get(entry);
    if (existing) return existing.ready;
    const watch: Watch = { base: null, candidate: null, local: null, remote: [], remoteBytes: 0, inStep: false, ready: Promise.resolve(), stop: () => undefined };
    const { doc } = entry;
    const before = (transaction: Y.Transaction) => {
      if (transaction.local && !watch.inStep && !watch.base && this.options.watching()) watch.candidate = Y.encodeStateAsUpdate(doc);
    };
    const after = (transaction: Y.Transaction) => {
      if (!watch.candidate) return;
      const wrote = transaction.deleteSet.clients.size > 0 || [...transaction.afterState].some(([client, clock]) => transaction.beforeState.get(client) !== clock);
      if (wrote) {
        watch.base = watch.candidate;
        void entry.persisted.setMeta(MERGE_BASE_KEY, toBase64(watch.base));
      }
      watch.candidate = null;
    };
    doc.on('beforeTransaction', before);
    doc.on('afterTransaction', after);
    watch.stop = () => {
      doc.off('beforeTransaction', before);
      doc.off('afterTransaction', after);
    };
    watch.ready = entry.persisted.getMeta(MERGE_BASE_KEY).then(
      (stored) => {
        // A base stored by an earlier run is older than one taken since: it wins.
        if (typeof stored === 'string' && stored) watch.base = fromBase64(stored);
      },
      () => undefined,
    );
    this.watches.set(entry, watch);
    return watch.ready;
  }

  /** An update from the relay, as it came, before it is applied (connection.ts `onRemoteUpdate`). */
  remoteUpdate(entry: LoadedDoc, update: Uint8Array): void {
    const watch = this.watches.get(entry);
    if (!watch?.base || watch.inStep || watch.remoteBytes > MAX_REMOTE_BYTES) return;
    watch.local ??= Y.encodeStateAsUpdate(entry.doc);
    watch.remote.push(update);
    watch.remoteBytes += update.byteLength;
  }

  detach(entry: LoadedDoc): void {
    this.watches.get(entry)?.stop();
    this.watches.delete(entry);
  }

  /** Resolves once the doc's stored base is read (at once for docs not watched). */
  ready(entry: LoadedDoc): Promise<void> {
    return this.watches.get(entry)?.ready ?? Promise.resolve();
  }

  /** The doc's connection changed state: apart again, or back in step (then what was found is recorded). */
  stateChanged(entry: LoadedDoc, state: SyncState): void {
    const watch = this.watches.get(entry);
    if (!watch) return;
    if (state.status === 'offline' || state.status === 'connecting') watch.inStep = false;
    if (state.status !== 'synced' || watch.inStep) return;
    watch.inStep = true;
    const { base, local, remote, remoteBytes } = watch;
    watch.base = watch.local = null;
    watch.remote = [];
    watch.remoteBytes = 0;
    if (!base) return;
    void entry.persisted.setMeta(MERGE_BASE_KEY, null);
    if (!local || remote.length === 0 || remoteBytes > MAX_REMOTE_BYTES) return;
    try {
      const states = apartStates(base, local, remote, entry.doc);
      if (!states) return;
      const found = findMerges(states);
      destroyApart(states);
      recordMerges(entry.doc, found);
    } catch {
      // A base that cannot be read (stored by a faulty build): the merge stands as Yjs made it, unreviewed.
    }
  }
}
