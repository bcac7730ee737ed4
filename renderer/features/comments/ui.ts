import type * as Y from 'yjs';

export interface Draft {
  start: Y.RelativePosition;
  end: Y.RelativePosition;
  quote: string;
  from: number;
  to: number;
}

type Listener = () => void;

/**
 * What the comments UI shares between the text and the Review panel of one editor: the thread in
 * focus and the comment being written. The highlight plugin and the panel both read and set it.
 */
export class CommentsUi {
  active: string | null = null;
  draft: Draft | null = null;
  private readonly listeners = new Set<Listener>();
  private version = 0;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): number => this.version;

  update(patch: Partial<Pick<CommentsUi, 'active' | 'draft'>>): void {
    Object.assign(this, patch);
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}
