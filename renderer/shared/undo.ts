import { Emitter } from '../../shared/sync';

/**
 * The workspace's one undo: every feature that does something a person may
 * want back (deleting a page, deleting a task) pushes a command here, and the
 * shell offers it the same way everywhere: one "Undo" notification, and
 * Ctrl+Z (Cmd+Z) when the keyboard is not in a text field. Text fields keep
 * their own undo (the editor's Yjs undo, the browser's for inputs).
 *
 * A command stack rather than a Y.UndoManager: what is undone is a named
 * action that may reach a doc no longer open (a task list left since), and
 * typing in titles must not be caught by Ctrl+Z outside them.
 */
export interface UndoAction {
  /** What was done, as the notification says it: `Deleted “Roadmap”`. */
  label: string;
  /** Puts it back; may open a doc first. Runs at most once. */
  undo(): void | Promise<void>;
  /** Ctrl+Z undoes it, with no notification: small changes one sees happen (a card moved on a board). */
  quiet?: boolean;
}

export interface UndoEntry {
  id: number;
  label: string;
  quiet?: boolean;
}

export type UndoEvent = { type: 'pushed'; entry: UndoEntry } | { type: 'undone'; entry: UndoEntry } | { type: 'dropped'; entry: UndoEntry };

/** Enough for a run of deletions; older ones are dropped (their notification closes). */
export const UNDO_LIMIT = 20;

export class UndoStack {
  private readonly entries: (UndoEntry & { action: UndoAction })[] = [];
  private next = 1;
  readonly events = new Emitter<UndoEvent>();

  constructor(private readonly limit = UNDO_LIMIT) {}

  push(action: UndoAction): UndoEntry {
    const entry: UndoEntry = { id: this.next++, label: action.label, ...(action.quiet ? { quiet: true } : {}) };
    this.entries.push({ ...entry, action });
    this.events.emit({ type: 'pushed', entry });
    while (this.entries.length > this.limit) {
      const dropped = this.entries.shift()!;
      this.events.emit({ type: 'dropped', entry: { id: dropped.id, label: dropped.label } });
    }
    return entry;
  }

  /** The entries that can still be undone, oldest first. */
  list(): UndoEntry[] {
    return this.entries.map(({ id, label }) => ({ id, label }));
  }

  /**
   * Undoes one entry (the latest when no id is given) and returns it, or null
   * when there was nothing to undo. The entry leaves the stack before it runs,
   * so a click on its notification and a Ctrl+Z at once restore it once.
   */
  async undo(id?: number): Promise<UndoEntry | null> {
    const at = id === undefined ? this.entries.length - 1 : this.entries.findIndex((entry) => entry.id === id);
    if (at < 0) return null;
    const [taken] = this.entries.splice(at, 1);
    const entry = { id: taken!.id, label: taken!.label };
    this.events.emit({ type: 'undone', entry });
    await taken!.action.undo();
    return entry;
  }
}

const NOT_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Whether a key pressed here types text, so Ctrl+Z belongs to the field and not to the workspace. */
export function isTextEntry(target: EventTarget | null): boolean {
  const element = target as { tagName?: string; type?: string; isContentEditable?: boolean } | null;
  if (!element || typeof element.tagName !== 'string') return false;
  if (element.isContentEditable) return true;
  const tag = element.tagName.toUpperCase();
  if (tag === 'TEXTAREA') return true;
  return tag === 'INPUT' && !NOT_TEXT_INPUTS.has((element.type ?? 'text').toLowerCase());
}
