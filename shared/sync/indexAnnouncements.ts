import type * as Y from 'yjs';
import { indexMaps } from '../model';
import { INDEX_DOC_ID } from '../protocol/rooms';
import { PageAnnouncer } from './announce';
import type { RegistryStore } from './registry';
import type { BackgroundSweep } from './sweep';

/** A teammate's change reaches the index in bursts: one sweep for the burst. */
const SWEEP_AFTER_REMOTE_CHANGE_MS = 200;

export interface IndexAnnouncementsOptions {
  index: Y.Doc;
  registry: RegistryStore;
  sweep: BackgroundSweep;
  /** The doc is loaded here and in step with the relay. */
  inStep(docId: string): boolean;
}

/**
 * How the per-doc transport learns which pages changed: edits bump their page's `updatedAt` in the
 * index doc (announce.ts), every device holds the index, and a page whose `updatedAt` differs from
 * the one this device last synced it at (registry `synced`) is swept. Over one socket the relay
 * names changed docs itself (catchUp.ts) and none of this runs: the index stays small.
 */
export class IndexAnnouncements {
  private readonly announcer: PageAnnouncer;

  constructor(private readonly options: IndexAnnouncementsOptions) {
    this.announcer = new PageAnnouncer({
      index: options.index,
      // Our own edit: what this device holds is that version already.
      announced: (docId) => {
        if (options.inStep(docId)) this.synced(docId);
      },
    });
    options.index.on('update', this.onIndexUpdate);
  }

  /** A page changed on this device. */
  changed(docId: string): void {
    if (docId !== INDEX_DOC_ID) this.announcer.schedule(docId);
  }

  /** The relay confirmed a page's pending changes: announce it again, for teammates who fetched it before the content arrived. */
  confirmed(docId: string): void {
    if (docId !== INDEX_DOC_ID) this.announcer.schedule(docId);
  }

  /** A doc came into step: this device holds the page at its current version; the index in step says truly what changed. */
  synced(docId: string): void {
    if (docId === INDEX_DOC_ID) {
      this.options.sweep.schedule(0);
      return;
    }
    const version = indexMaps(this.options.index).pages.get(docId)?.get('updatedAt');
    if (typeof version === 'number') this.options.registry.markSynced(docId, version);
  }

  /** The doc closes: what waits on the interval is announced now. */
  flush(docId: string): void {
    this.announcer.flush(docId);
  }

  /** Announces what still waits, then stops. */
  dispose(): void {
    this.announcer.flushAll();
    this.announcer.dispose();
    this.options.index.off('update', this.onIndexUpdate);
  }

  private onIndexUpdate = (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
    if (!transaction.local) this.options.sweep.schedule(SWEEP_AFTER_REMOTE_CHANGE_MS);
  };
}
