import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addTask, createPage, deletePage, deleteTask, handOff, linkPage, linkTask, listPages, listTasks, moveTaskToList, taskRef, touchPage, unlinkPage, unlinkTask, updateTask, TASK_STATUSES } from '../model';
import { pageDoc, syncAll, syncPair, workspaceReplicas, type Replica } from '../model/testing';
import { seededRandom, useFuzzSeed } from '../testing/seed';
import { linksOf, summarizeList, TaskIndex, tasksLinkingTo, type IndexedTask } from './taskIndex';

const byId = (a: IndexedTask, b: IndexedTask) => a.listId.localeCompare(b.listId) || a.id.localeCompare(b.id);

/** What the device's index must equal: every live list's tasks, read from the docs themselves. */
function fromDocs(replica: Replica): IndexedTask[] {
  return listPages(replica.index)
    .filter((page) => page.kind === 'tasks' && page.deletedAt === null)
    .flatMap((page) => summarizeList(page.id, pageDoc(replica, page.id)))
    .sort(byId);
}

/** The device reads the lists the index calls stale (missing, or announced since it read them). */
function refresh(replica: Replica, index: TaskIndex): number {
  const stale = index.staleLists(listPages(replica.index));
  for (const listId of stale) read(replica, index, listId);
  return stale.length;
}

function read(replica: Replica, index: TaskIndex, listId: string): void {
  const page = listPages(replica.index).find((candidate) => candidate.id === listId);
  if (page && page.kind === 'tasks' && page.deletedAt === null) index.put(listId, page.updatedAt, summarizeList(listId, pageDoc(replica, listId)));
}

/**
 * As the app keeps it: a list's doc changes on a device only while loaded there, and every change
 * of a loaded list is read into the index (renderer/app/workspace/taskIndex.ts). Here: after each
 * step, every list doc whose state moved is read.
 */
function feeder(replica: Replica, index: TaskIndex): () => void {
  const seen = new Map<string, string>();
  return () => {
    index.staleLists(listPages(replica.index));
    for (const [listId, doc] of replica.pages) {
      const state = Y.encodeStateVector(doc).join(',');
      if (seen.get(listId) === state) continue;
      seen.set(listId, state);
      read(replica, index, listId);
    }
  };
}

describe('the task index', () => {
  it('equals the docs after random edits, partitions and syncs on 3 replicas, fed by every change of a list, and rebuilds from the lists it calls stale (a fresh seed each run)', () => {
    const seed = useFuzzSeed();
    const random = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const replicas = workspaceReplicas(3);
    const indexes = replicas.map(() => new TaskIndex());
    const feeds = replicas.map((replica, i) => feeder(replica, indexes[i]!));
    let clock = 1_000;
    let staleReads = 0;
    let editedWhileUnread = 0;
    for (let step = 0; step < 400; step++) {
      clock += 1 + Math.floor(random() * 1000);
      const replica = pick(replicas);
      const lists = listPages(replica.index).filter((page) => page.kind === 'tasks' && page.deletedAt === null);
      const roll = random();
      if (roll < 0.08 || lists.length === 0) {
        createPage(replica.index, { title: `List ${step}`, kind: 'tasks', by: replica.name }, clock);
      } else if (roll < 0.1) {
        deletePage(replica.index, pick(lists).id, clock);
      } else if (roll < 0.75) {
        // A local edit, announced in the index as the sync engine does (shared/sync/announce.ts).
        const list = pick(lists);
        const doc = pageDoc(replica, list.id);
        const tasks = listTasks(doc);
        const kind = random();
        if (kind < 0.35 || tasks.length === 0) addTask(doc, { title: `Task ${step}`, by: replica.name }, clock);
        else if (kind < 0.55) updateTask(doc, pick(tasks).id, { status: pick(TASK_STATUSES) }, clock);
        else if (kind < 0.7) updateTask(doc, pick(tasks).id, { assignees: [pick(['m0', 'm1', 'm2'])], dueDate: random() < 0.5 ? null : '2027-01-0' + (1 + Math.floor(random() * 9)) }, clock);
        else if (kind < 0.78) linkPage(doc, pick(tasks).id, pick(listPages(replica.index)).id, clock);
        else if (kind < 0.8) unlinkPage(doc, pick(tasks).id, pick(listPages(replica.index)).id, clock);
        else if (kind < 0.85) handOff(doc, { taskId: pick(tasks).id, from: 'm0', to: pick(['m1', 'm2']), note: { done: 'd', next: 'n', questions: '' } }, clock);
        else deleteTask(doc, pick(tasks).id, clock);
        touchPage(replica.index, list.id, clock);
      } else if (roll < 0.9) {
        const other = pick(replicas.filter((candidate) => candidate !== replica));
        syncPair(replica, other);
      } else {
        feeds.forEach((feed) => feed());
        // The index never lags this device's docs; a fresh index (lost, or a new format) is rebuilt from what is stale.
        const i = replicas.indexOf(replica);
        expect([...indexes[i]!.tasks()].sort(byId)).toEqual(fromDocs(replica));
        const rebuilt = new TaskIndex();
        staleReads += refresh(replica, rebuilt);
        if (fromDocs(replica).length > 0) editedWhileUnread++;
        expect([...rebuilt.tasks()].sort(byId)).toEqual(fromDocs(replica));
      }
    }
    syncAll(replicas);
    feeds.forEach((feed) => feed());
    replicas.forEach((replica, i) => {
      expect([...indexes[i]!.tasks()].sort(byId), `replica ${replica.name}`).toEqual(fromDocs(replica));
      // And it survives being written to the device and read back.
      expect([...TaskIndex.restore(indexes[i]!.serialize()).tasks()].sort(byId)).toEqual(fromDocs(replica));
    });
    expect(staleReads, 'lists a fresh index read because it called them stale').toBeGreaterThan(0);
    expect(editedWhileUnread, 'checks made with tasks in the docs').toBeGreaterThan(0);
  });

  it('starts empty from what it cannot read, and forgets deleted lists', () => {
    // Format 2 had no page links: read as it is, every task would seem to link to no page.
    const older = '{"format":2,"lists":{"a":{"seen":1,"tasks":[]}}}';
    for (const saved of [null, '', '{', '{"format":0,"lists":{}}', '{"format":1,"lists":{"a":{"seen":"x"}}}', older]) expect(TaskIndex.restore(saved).listCount()).toBe(0);
    const [replica] = workspaceReplicas(1);
    const listId = createPage(replica!.index, { title: 'Launch', kind: 'tasks', by: 'm0' }, 5);
    addTask(pageDoc(replica!, listId), { title: 'Book venue', by: 'm0' }, 6);
    const index = new TaskIndex();
    expect(refresh(replica!, index)).toBe(1);
    expect(refresh(replica!, index)).toBe(0);
    deletePage(replica!.index, listId, 7);
    expect(index.staleLists(listPages(replica!.index))).toEqual([]);
    expect(index.tasks()).toEqual([]);
  });
});

describe('links between tasks', () => {
  it('show on both tasks, whichever of them stores the link, across lists', () => {
    const [replica] = workspaceReplicas(1);
    const launch = createPage(replica!.index, { title: 'Launch', kind: 'tasks', by: 'm0' }, 1);
    const venue = createPage(replica!.index, { title: 'Venue', kind: 'tasks', by: 'm0' }, 2);
    const invites = addTask(pageDoc(replica!, launch), { title: 'Send invites', by: 'm0' }, 3);
    const book = addTask(pageDoc(replica!, venue), { title: 'Book room', by: 'm0' }, 4);
    const agenda = addTask(pageDoc(replica!, launch), { title: 'Agenda', by: 'm0' }, 5);
    // Stored on the blocked task: Send invites is blocked by Book room; stored on the blocker: Agenda blocks Send invites.
    linkTask(pageDoc(replica!, launch), invites, 'blockedBy', taskRef(venue, book), 6);
    linkTask(pageDoc(replica!, launch), agenda, 'blocks', taskRef(launch, invites), 7);
    const index = new TaskIndex();
    refresh(replica!, index);
    const own = (listId: string, id: string) => index.tasks().find((task) => task.listId === listId && task.id === id)!;
    expect(linksOf(taskRef(launch, invites), own(launch, invites), index.tasks())).toEqual({ blocks: [], blockedBy: [taskRef(launch, agenda), taskRef(venue, book)].sort() });
    expect(linksOf(taskRef(venue, book), own(venue, book), index.tasks())).toEqual({ blocks: [taskRef(launch, invites)], blockedBy: [] });
    expect(linksOf(taskRef(launch, agenda), own(launch, agenda), index.tasks())).toEqual({ blocks: [taskRef(launch, invites)], blockedBy: [] });
    unlinkTask(pageDoc(replica!, launch), invites, 'blockedBy', taskRef(venue, book), 8);
    refresh(replica!, index);
    touchPage(replica!.index, launch, 9);
    refresh(replica!, index);
    expect(linksOf(taskRef(venue, book), own(venue, book), index.tasks())).toEqual({ blocks: [], blockedBy: [] });

    // Agenda moves to Venue: the link Agenda stores still names Send invites, and Send invites finds Agenda where it is now.
    moveTaskToList(replica!.index, { id: launch, doc: pageDoc(replica!, launch) }, { id: venue, doc: pageDoc(replica!, venue) }, agenda, { now: 10 });
    touchPage(replica!.index, launch, 11);
    touchPage(replica!.index, venue, 12);
    refresh(replica!, index);
    expect(linksOf(taskRef(launch, invites), own(launch, invites), index.tasks())).toEqual({ blocks: [], blockedBy: [taskRef(venue, agenda)] });
    expect(linksOf(taskRef(venue, agenda), own(venue, agenda), index.tasks())).toEqual({ blocks: [taskRef(launch, invites)], blockedBy: [] });
  });
});

describe('links from tasks to pages', () => {
  it('a page lists the tasks of any list that link to it, open ones first, and drops one once unlinked or deleted', () => {
    const [replica] = workspaceReplicas(1);
    const brief = createPage(replica!.index, { title: 'Launch brief', kind: 'doc', by: 'm0' }, 1);
    const launch = createPage(replica!.index, { title: 'Launch', kind: 'tasks', by: 'm0' }, 2);
    const venue = createPage(replica!.index, { title: 'Venue', kind: 'tasks', by: 'm0' }, 3);
    const invites = addTask(pageDoc(replica!, launch), { title: 'Send invites', by: 'm0' }, 4);
    const agenda = addTask(pageDoc(replica!, launch), { title: 'Agenda', by: 'm0' }, 5);
    const room = addTask(pageDoc(replica!, venue), { title: 'Book room', by: 'm0' }, 6);
    linkPage(pageDoc(replica!, launch), invites, brief, 7);
    linkPage(pageDoc(replica!, launch), agenda, brief, 7);
    linkPage(pageDoc(replica!, venue), room, brief, 7);
    linkPage(pageDoc(replica!, venue), room, launch, 7);
    updateTask(pageDoc(replica!, launch), agenda, { status: 'done' }, 8);
    const index = new TaskIndex();
    refresh(replica!, index);
    const titles = (pageId: string) => tasksLinkingTo(pageId, index.tasks()).map((task) => task.title);
    expect(titles(brief)).toEqual(['Book room', 'Send invites', 'Agenda']);
    expect(titles(launch)).toEqual(['Book room']);
    expect(titles(venue)).toEqual([]);
    unlinkPage(pageDoc(replica!, venue), room, brief, 9);
    deleteTask(pageDoc(replica!, launch), invites, 9);
    touchPage(replica!.index, venue, 9);
    touchPage(replica!.index, launch, 9);
    refresh(replica!, index);
    expect(titles(brief)).toEqual(['Agenda']);
    expect(titles(launch)).toEqual(['Book room']);
  });
});
