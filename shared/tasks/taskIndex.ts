/**
 * The device's index of every task in a workspace, so views that span task lists (My work, and
 * later boards and calendars) read one small store instead of loading every list's Y.Doc.
 *
 * It is never the source of truth: each list's entry is a summary read from the list's doc, with
 * the doc's version at the time of reading: when the doc last changed on this device, as the sync
 * engine records it (`WorkspaceSync.docVersion`: a local edit or what the relay sent). It stays
 * correct while a list is unloaded because a list's doc changes on a device only while it is loaded
 * there: remote edits reach it when the sync engine loads it (the background sweep loads every doc
 * the relay names as changed), and whoever keeps the index reads every load and every change of a
 * loaded list (renderer/app/workspace/taskIndex.ts). What it cannot see — an index lost or from an
 * older format, a crash between a change and the index's write — `staleLists` finds: lists with no
 * entry, or whose doc's version moved since the entry was read, are read again. Deleted lists drop out.
 *
 * Versions are compared for difference, not order. (The index doc's page `updatedAt` served as the
 * version before one socket per device: edits no longer bump it, and it remains the default for
 * callers that hold no sync engine.)
 */
import type * as Y from 'yjs';
import { listTasks, pageLinksByTask, waitingHandoff, type Page, type TaskStatus } from '../model';

export interface IndexedTask {
  id: string;
  listId: string;
  title: string;
  status: TaskStatus;
  assignees: string[];
  /** Links stored on this task (`listId/taskId`); see `linksOf` for both directions. */
  blocks: string[];
  blockedBy: string[];
  /** Pages this task links to; a page lists the tasks linking to it with `tasksLinkingTo`. */
  pages: string[];
  /** For calendars that span lists. */
  startDate: string | null;
  dueDate: string | null;
  createdBy: string;
  updatedAt: number;
  /** The handoff waiting for an answer, if any: to whom, from whom, when. */
  handoff: { to: string; from: string; at: number } | null;
}

/** One list's tasks as read from its doc. */
export function summarizeList(listId: string, doc: Y.Doc): IndexedTask[] {
  const pages = pageLinksByTask(doc);
  return listTasks(doc).map((task) => {
    const waiting = waitingHandoff(doc, task.id);
    return {
      id: task.id,
      listId,
      title: task.title,
      status: task.status,
      assignees: task.assignees,
      blocks: task.blocks,
      blockedBy: task.blockedBy,
      pages: pages.get(task.id) ?? [],
      startDate: task.startDate,
      dueDate: task.dueDate,
      createdBy: task.createdBy,
      updatedAt: task.updatedAt,
      handoff: waiting && { to: waiting.to, from: waiting.from, at: waiting.at },
    };
  });
}

interface ListEntry {
  /** The doc's version when it was read. */
  seen: number;
  tasks: IndexedTask[];
}

/** 3: tasks carry their page links; an index of an older format is rebuilt from the docs. */
const FORMAT = 4;

export class TaskIndex {
  private readonly lists = new Map<string, ListEntry>();
  private readonly listeners = new Set<() => void>();
  private version = 0;

  private loaded = false;

  /** Reads what `serialize` wrote; anything else (an older format, a torn write) starts empty and is rebuilt. */
  static restore(saved: string | null): TaskIndex {
    const index = new TaskIndex();
    index.load(saved);
    return index;
  }

  /**
   * Takes in what `serialize` wrote, once the device has read it from storage: lists read from
   * their docs meanwhile are fresher and stay. Until then `isLoaded()` is false, so a view can say
   * it is still reading rather than that there is nothing.
   */
  load(saved: string | null): void {
    try {
      const parsed = saved ? (JSON.parse(saved) as { format?: number; lists?: Record<string, ListEntry> }) : null;
      if (parsed?.format === FORMAT && parsed.lists) {
        for (const [listId, entry] of Object.entries(parsed.lists)) {
          if (!this.lists.has(listId) && typeof entry?.seen === 'number' && Array.isArray(entry.tasks)) this.lists.set(listId, entry);
        }
      }
    } catch {
      // Rebuilt from the docs.
    }
    this.loaded = true;
    this.changed();
  }

  isLoaded(): boolean {
    return this.loaded;
  }

  serialize(): string {
    return JSON.stringify({ format: FORMAT, lists: Object.fromEntries(this.lists) });
  }

  /** Records a list as read from its doc, at version `seen`. */
  put(listId: string, seen: number, tasks: IndexedTask[]): void {
    this.lists.set(listId, { seen, tasks });
    this.changed();
  }

  forget(listId: string): void {
    if (this.lists.delete(listId)) this.changed();
  }

  /** Task lists among `pages` whose entry is missing or was read at another version; entries of lists no longer there are dropped. */
  staleLists(pages: readonly Page[], versionOf: (page: Page) => number = (page) => page.updatedAt): string[] {
    const live = new Map(pages.filter((page) => page.kind === 'tasks' && page.deletedAt === null).map((page) => [page.id, page]));
    for (const listId of [...this.lists.keys()]) if (!live.has(listId)) this.forget(listId);
    return [...live.values()].filter((page) => this.lists.get(page.id)?.seen !== versionOf(page)).map((page) => page.id);
  }

  tasks(): IndexedTask[] {
    return [...this.lists.values()].flatMap((entry) => entry.tasks);
  }

  listCount(): number {
    return this.lists.size;
  }

  /** For useSyncExternalStore: a number that changes with every change. */
  snapshot = (): number => this.version;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private changed(): void {
    this.version++;
    for (const listener of [...this.listeners]) listener();
  }
}

/**
 * What a task blocks and what blocks it, both directions: the links stored on it and those other
 * tasks store naming it. `ref` is its `listId/taskId`.
 */
export function linksOf(ref: string, own: { blocks: readonly string[]; blockedBy: readonly string[] }, tasks: readonly IndexedTask[]): { blocks: string[]; blockedBy: string[] } {
  // Matched by task id: a task keeps its id when it moves to another list, so a link written
  // before the move (naming the old list) still finds it.
  const self = taskIdOf(ref);
  const blocks = new Map(own.blocks.map((other) => [taskIdOf(other), other]));
  const blockedBy = new Map(own.blockedBy.map((other) => [taskIdOf(other), other]));
  for (const task of tasks) {
    const other = `${task.listId}/${task.id}`;
    if (task.blocks.some((link) => taskIdOf(link) === self)) blockedBy.set(task.id, other);
    if (task.blockedBy.some((link) => taskIdOf(link) === self)) blocks.set(task.id, other);
  }
  blocks.delete(self);
  blockedBy.delete(self);
  return { blocks: [...blocks.values()].sort(), blockedBy: [...blockedBy.values()].sort() };
}

/** The task id of a `listId/taskId` reference. */
export function taskIdOf(ref: string): string {
  return ref.slice(ref.indexOf('/') + 1);
}

/** The tasks that link to a page, open ones first, then by title: what the page shows as "Tasks linking here". */
export function tasksLinkingTo(pageId: string, tasks: readonly IndexedTask[]): IndexedTask[] {
  return tasks
    .filter((task) => task.pages.includes(pageId))
    .sort((a, b) => Number(a.status === 'done') - Number(b.status === 'done') || a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
}
