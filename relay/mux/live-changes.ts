/**
 * [R43] A doc of the workspace was stored to and this socket has no channel open
 * on it: the socket hears `changed(0, [docId])`, so the device can sync that doc
 * in the background. The first change after a quiet spell goes at once; those
 * that follow within `LIVE_CHANGES_WINDOW_MS` leave together when it ends, so a
 * burst of keystrokes in one doc (or an import touching hundreds) costs a socket
 * one frame per window, not one per update.
 */
import { CATCH_UP_PAGE, encodeMuxFrame } from '../../shared/protocol/mux';

export const LIVE_CHANGES_WINDOW_MS = 100;

export class LiveChanges {
  private readonly held = new Set<string>();
  private window: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    /** Whether the socket has a channel open on the doc: then it gets the update itself. */
    private readonly isOpen: (docId: string) => boolean,
    private readonly send: (frame: Uint8Array) => void,
  ) {}

  changed(docId: string): void {
    if (this.closed || this.isOpen(docId)) return;
    this.held.add(docId);
    if (this.window === null) this.flush();
  }

  close(): void {
    this.closed = true;
    if (this.window) clearTimeout(this.window);
    this.window = null;
    this.held.clear();
  }

  private flush(): void {
    // A channel opened meanwhile syncs the doc itself.
    const docIds = Array.from(this.held).filter((docId) => !this.isOpen(docId));
    this.held.clear();
    if (docIds.length === 0) return;
    for (let i = 0; i < docIds.length; i += CATCH_UP_PAGE) this.send(encodeMuxFrame({ kind: 'changed', cursor: 0, docIds: docIds.slice(i, i + CATCH_UP_PAGE) }));
    this.window = setTimeout(() => {
      this.window = null;
      if (!this.closed) this.flush();
    }, LIVE_CHANGES_WINDOW_MS);
    this.window.unref();
  }
}
