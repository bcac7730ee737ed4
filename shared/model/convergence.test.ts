/**
 * Randomized convergence tests (as Yjs' own applyRandomTests does): several replicas
 * of one workspace make random edits while random partitions decide who hears
 * from whom; after everyone reconnects and exchanges everything, all replicas
 * must hold the same state and no edit may be lost.
 *
 * Each run draws a fresh seed; a failure prints it, and BATON_FUZZ_SEED=<seed>
 * replays it (BATON_FUZZ_RUNS widens a run). Seeds that found bugs stay below
 * as named cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fragmentText, pageContent, typeText } from './content';
import { ModelError } from './errors';
import { createPage, deletePage, flattenTree, getPage, listPages, movePage, pageTree, renamePage, restorePage } from './pages';
import { TASK_STATUSES, type Page, type PageKind, type TaskStatus } from './schema';
import { addTask, deleteTask, getTask, listTasks, moveTask, placeTask, restoreTask, setTaskDone, taskMap, updateTask } from './tasks';
import { forwardLateEdits, moveTaskToList, settleMovedTasks, taskHome } from './taskMoves';
import { addTaskComment, listTaskComments } from './taskComments';
import { linkedPages, linkPage, unlinkPage } from './taskPages';
import { indexSnapshot, pageDoc, pageSnapshot, syncAll, syncPair, workspaceReplicas, type Replica } from './testing';
import { fuzzRuns, withFuzzSeed } from '../testing/seed';

const RUNS = fuzzRuns(100);

// ---- operations -------------------------------------------------------------

type Op =
  | { t: 'createPage'; r: number; kind: PageKind; parent: number }
  | { t: 'renamePage'; r: number; pick: number; title: string }
  | { t: 'movePage'; r: number; pick: number; parent: number; index: number }
  | { t: 'deletePage'; r: number; pick: number }
  | { t: 'restorePage'; r: number; pick: number }
  | { t: 'addTask'; r: number; pick: number; index: number; title: string }
  | { t: 'updateTask'; r: number; pick: number; title: string }
  | { t: 'assign'; r: number; pick: number; who: string }
  | { t: 'moveTask'; r: number; pick: number; index: number }
  | { t: 'setTaskDone'; r: number; pick: number; done: boolean }
  | { t: 'deleteTask'; r: number; pick: number }
  | { t: 'restoreTask'; r: number; pick: number }
  | { t: 'placeTask'; r: number; pick: number; status: TaskStatus; index: number }
  | { t: 'moveToList'; r: number; pick: number; list: number }
  | { t: 'typeText'; r: number; pick: number; paragraph: number; offset: number; text: string }
  | { t: 'comment'; r: number; pick: number; text: string }
  | { t: 'linkPage'; r: number; pick: number; page: number; on: boolean }
  | { t: 'disconnect'; r: number }
  | { t: 'reconnect'; r: number }
  | { t: 'sync'; r: number; other: number };

const r = fc.nat(7);
const pick = fc.nat(63);
const index = fc.integer({ min: 0, max: 12 });
const word = fc.string({ unit: fc.constantFrom(...'abcdefghij '), minLength: 1, maxLength: 6 }).filter((s) => s.trim() !== '');

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('createPage' as const), r, kind: fc.constantFrom<PageKind>('doc', 'tasks'), parent: pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('renamePage' as const), r, pick, title: word }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('movePage' as const), r, pick, parent: pick, index }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('deletePage' as const), r, pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('restorePage' as const), r, pick }) },
  { weight: 6, arbitrary: fc.record({ t: fc.constant('addTask' as const), r, pick, index, title: word }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('updateTask' as const), r, pick, title: word }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('assign' as const), r, pick, who: fc.constantFrom('ann', 'bob', 'cat') }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('moveTask' as const), r, pick, index }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('setTaskDone' as const), r, pick, done: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('deleteTask' as const), r, pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('restoreTask' as const), r, pick }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('placeTask' as const), r, pick, status: fc.constantFrom(...TASK_STATUSES), index }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('moveToList' as const), r, pick, list: pick }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('typeText' as const), r, pick, paragraph: fc.nat(3), offset: fc.nat(20), text: word }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('disconnect' as const), r }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('reconnect' as const), r }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('sync' as const), r, other: r }) },
);

/**
 * Comments on tasks and links to pages, each made after the step `at` of the run's other ops (or
 * after the last, in a shorter run).
 * Drawn after those, so adding them left what a seed draws for the rest as it was (a named
 * seed still replays its scenario).
 */
const talkArb = fc.array(
  fc.record({
    at: fc.nat(79),
    op: fc.oneof(
      fc.record({ t: fc.constant('comment' as const), r, pick, text: word }),
      fc.record({ t: fc.constant('linkPage' as const), r, pick, page: pick, on: fc.boolean() }),
    ),
  }),
  { minLength: 10, maxLength: 30 },
);

/** What happened, kept outside the docs so the docs can be checked against it. */
interface Log {
  pages: Set<string>;
  deletedPages: Set<string>;
  restoredPages: Set<string>;
  tasks: Map<string, string>; // task id → the page it was created in
  movedTasks: Set<string>;
  deletedTasks: Set<string>;
  restoredTasks: Set<string>;
  typed: Map<string, number>; // page id → characters typed
  comments: Map<string, { pageId: string; taskId: string }>; // comment id → its task
}

function choose<T>(items: readonly T[], n: number): T | undefined {
  return items.length ? items[n % items.length] : undefined;
}

/** A replica's pages in a stable order, so a seed replays the same run. */
function knownPages(replica: Replica, kind?: PageKind): Page[] {
  return listPages(replica.index)
    .filter((page) => kind === undefined || page.kind === kind)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Tasks (deleted ones included) on the task pages this replica has opened. */
function knownTasks(replica: Replica): { pageId: string; taskId: string }[] {
  const out: { pageId: string; taskId: string }[] = [];
  for (const [pageId, doc] of replica.pages) for (const taskId of taskMap(doc).keys()) out.push({ pageId, taskId });
  return out.sort((a, b) => (a.taskId < b.taskId ? -1 : 1));
}

function apply(op: Op, replicas: Replica[], log: Log, step: number): void {
  const replica = replicas[op.r % replicas.length]!;
  const now = step + 1;
  const id = `${replica.name}-${step}`;
  switch (op.t) {
    case 'createPage': {
      // parent 0..9 means the root, so top-level pages stay common.
      const parent = op.parent < 10 ? undefined : choose(knownPages(replica), op.parent);
      createPage(replica.index, { id, kind: op.kind, title: `page ${id}`, parentId: parent?.id ?? null, by: replica.name }, now);
      log.pages.add(id);
      return;
    }
    case 'renamePage': {
      const page = choose(knownPages(replica), op.pick);
      if (page) renamePage(replica.index, page.id, op.title, now);
      return;
    }
    case 'movePage': {
      const pages = knownPages(replica);
      const page = choose(pages, op.pick);
      if (!page) return;
      const parent = op.parent < 10 ? null : (choose(pages, op.parent)?.id ?? null);
      try {
        movePage(replica.index, page.id, parent, op.index, now);
      } catch (error) {
        if (!(error instanceof ModelError && error.reason === 'cycle')) throw error;
      }
      return;
    }
    case 'deletePage': {
      const page = choose(knownPages(replica), op.pick);
      if (!page) return;
      deletePage(replica.index, page.id, now);
      log.deletedPages.add(page.id);
      return;
    }
    case 'restorePage': {
      const page = choose(knownPages(replica), op.pick);
      if (!page) return;
      restorePage(replica.index, page.id);
      log.restoredPages.add(page.id);
      return;
    }
    case 'addTask': {
      const page = choose(knownPages(replica, 'tasks'), op.pick);
      if (!page) return;
      addTask(pageDoc(replica, page.id), { id, title: op.title, index: op.index, by: replica.name }, now);
      log.tasks.set(id, page.id);
      return;
    }
    case 'updateTask':
    case 'assign':
    case 'moveTask':
    case 'setTaskDone':
    case 'placeTask':
    case 'restoreTask':
    case 'deleteTask': {
      const task = choose(knownTasks(replica), op.pick);
      if (!task) return;
      const doc = pageDoc(replica, task.pageId);
      if (op.t === 'updateTask') updateTask(doc, task.taskId, { title: op.title }, now);
      else if (op.t === 'assign') updateTask(doc, task.taskId, { assignees: [...getTask(doc, task.taskId)!.assignees, op.who] }, now);
      else if (op.t === 'moveTask') moveTask(doc, task.taskId, op.index, now);
      else if (op.t === 'setTaskDone') setTaskDone(doc, task.taskId, op.done, now);
      else if (op.t === 'placeTask') placeTask(doc, task.taskId, op.status, op.index, now);
      else if (op.t === 'restoreTask') {
        restoreTask(doc, task.taskId);
        log.restoredTasks.add(task.taskId);
      } else {
        deleteTask(doc, task.taskId, now);
        log.deletedTasks.add(task.taskId);
      }
      return;
    }
    case 'moveToList': {
      const task = choose(knownTasks(replica), op.pick);
      const to = choose(knownPages(replica, 'tasks'), op.list);
      if (!task || !to || to.id === task.pageId) return;
      try {
        moveTaskToList(replica.index, { id: task.pageId, doc: pageDoc(replica, task.pageId) }, { id: to.id, doc: pageDoc(replica, to.id) }, task.taskId, { now });
        log.movedTasks.add(task.taskId);
      } catch (error) {
        // A record this replica already saw leave its list.
        if (!(error instanceof ModelError && error.reason === 'not-found')) throw error;
      }
      return;
    }
    case 'comment': {
      const task = choose(knownTasks(replica), op.pick);
      if (!task) return;
      const commentId = addTaskComment(pageDoc(replica, task.pageId), task.taskId, { author: replica.name, parts: [{ text: op.text }], at: now });
      log.comments.set(commentId, task);
      return;
    }
    case 'linkPage': {
      const task = choose(knownTasks(replica), op.pick);
      const page = choose(knownPages(replica), op.page);
      if (!task || !page) return;
      (op.on ? linkPage : unlinkPage)(pageDoc(replica, task.pageId), task.taskId, page.id, now);
      return;
    }
    case 'typeText': {
      const page = choose(knownPages(replica, 'doc'), op.pick);
      if (!page) return;
      typeText(pageDoc(replica, page.id), op.paragraph, op.offset, op.text);
      log.typed.set(page.id, (log.typed.get(page.id) ?? 0) + op.text.length);
      return;
    }
    case 'disconnect':
      replica.connected = false;
      return;
    case 'reconnect':
      replica.connected = true;
      return;
    case 'sync': {
      const other = replicas[op.other % replicas.length]!;
      // Only replicas that are both online can talk.
      if (other !== replica && replica.connected && other.connected) syncPair(replica, other);
      return;
    }
  }
}

// ---- checks -----------------------------------------------------------------

/** Whether the page's parent chain comes back to it (concurrent moves can do that). */
function isOnLoop(page: Page, byId: ReadonlyMap<string, Page>): boolean {
  const seen = new Set<string>();
  for (let cursor = page.parentId; cursor !== null && byId.has(cursor) && !seen.has(cursor); cursor = byId.get(cursor)!.parentId) {
    if (cursor === page.id) return true;
    seen.add(cursor);
  }
  return false;
}

/**
 * Which pages the tree must show, computed independently of pageTree: a live
 * page is shown unless a deleted page sits above it. A page on a parent loop
 * (left by concurrent moves) stands at the root, and so ends the walk up.
 */
function expectedVisible(pages: readonly Page[]): Set<string> {
  const byId = new Map(pages.map((page) => [page.id, page]));
  const visible = (page: Page): boolean => {
    if (page.deletedAt !== null) return false;
    if (page.parentId === null || !byId.has(page.parentId) || isOnLoop(page, byId)) return true;
    return visible(byId.get(page.parentId)!);
  };
  return new Set(pages.filter(visible).map((page) => page.id));
}

function expectConverged(replicas: Replica[], log: Log): void {
  const [first, ...rest] = replicas as [Replica, ...Replica[]];

  // Identical docs everywhere.
  const index = indexSnapshot(first.index);
  const pageIds = [...first.pages.keys()].sort();
  for (const replica of rest) {
    expect(indexSnapshot(replica.index)).toBe(index);
    expect([...replica.pages.keys()].sort()).toEqual(pageIds);
  }
  for (const pageId of pageIds) {
    const snapshot = pageSnapshot(first.pages.get(pageId)!);
    for (const replica of rest) expect(pageSnapshot(replica.pages.get(pageId)!)).toBe(snapshot);
  }

  // The same tree everywhere, showing exactly the live pages, each once.
  const tree = pageTree(listPages(first.index));
  const shown = flattenTree(tree).map((node) => node.page.id);
  expect(new Set(shown).size).toBe(shown.length);
  expect(new Set(shown)).toEqual(expectedVisible(listPages(first.index)));

  for (const replica of replicas) {
    expect(pageTree(listPages(replica.index))).toEqual(tree);

    // No page is lost; a delete nobody undid holds, whatever moves raced it.
    for (const pageId of log.pages) {
      const page = getPage(replica.index, pageId);
      expect(page, `page ${pageId} on ${replica.name}`).not.toBeNull();
      if (log.deletedPages.has(pageId) && !log.restoredPages.has(pageId)) expect(page!.deletedAt).not.toBeNull();
    }

    // No task is lost or duplicated, however it was reordered or moved between lists: it shows
    // in exactly one list, the one the index names if it ever moved.
    const shownIn = new Map<string, string[]>();
    for (const [pageId, doc] of replica.pages) for (const task of listTasks(doc)) shownIn.set(task.id, [...(shownIn.get(task.id) ?? []), pageId]);
    for (const [taskId, pageId] of log.tasks) {
      const doc = replica.pages.get(pageId);
      expect(doc && getTask(doc, taskId), `task ${taskId} on ${replica.name}`).toBeTruthy();
      const lists = shownIn.get(taskId) ?? [];
      expect(lists.length, `lists showing task ${taskId} on ${replica.name}`).toBeLessThanOrEqual(1);
      if (!log.deletedTasks.has(taskId)) expect(lists, `task ${taskId} on ${replica.name}`).toEqual([taskHome(replica.index, taskId) ?? pageId]);
      else if (!log.restoredTasks.has(taskId) && !log.movedTasks.has(taskId)) expect(lists).toEqual([]);
    }
    for (const doc of replica.pages.values()) {
      const ids = listTasks(doc).map((task) => task.id);
      expect(new Set(ids).size).toBe(ids.length);
    }

    // No comment on a task is lost, whoever wrote it apart, and it is on the task where the task
    // shows now, whichever list it was written in; page links read alike everywhere.
    for (const [commentId, { pageId, taskId }] of log.comments) {
      const where = shownIn.get(taskId)?.[0] ?? pageId;
      expect(listTaskComments(replica.pages.get(where)!, taskId).map((message) => message.id), `comment ${commentId} on ${replica.name}`).toContain(commentId);
    }
    for (const [pageId, doc] of replica.pages) {
      for (const taskId of taskMap(doc).keys()) expect(linkedPages(doc, taskId)).toEqual(linkedPages(first.pages.get(pageId)!, taskId));
    }

    // No typed character is lost.
    for (const [pageId, count] of log.typed) {
      const text = fragmentText(pageContent(replica.pages.get(pageId)!)).replace(/\n/g, '');
      expect(text.length).toBe(count);
    }
  }
}

/**
 * What each device does as it reads its lists after a sync (taskMoves.ts): hide copies that lost
 * a race of moves, forward edits made where a task used to be. Repeated, with syncs, until no
 * device has anything left to do, which must come within a few rounds.
 */
function settleMoves(replicas: Replica[]): number {
  let forwarded = 0;
  for (let round = 0; ; round++) {
    let work = 0;
    for (const replica of replicas) {
      for (const page of knownPages(replica, 'tasks')) {
        const list = { id: page.id, doc: pageDoc(replica, page.id) };
        for (const late of settleMovedTasks(replica.index, list)) {
          work++;
          forwardLateEdits(list, { id: late.home, doc: pageDoc(replica, late.home) }, late.taskId);
        }
      }
    }
    syncAll(replicas);
    forwarded += work;
    if (work === 0) return forwarded;
    expect(round, 'rounds of mending moved tasks').toBeLessThan(3);
  }
}

/** A few pages everyone already has, so edits race on shared pages from the first step. */
function seedPages(replicas: Replica[], log: Log): void {
  const owner = replicas[0]!;
  for (const [i, kind] of (['doc', 'tasks', 'doc', 'tasks'] as const).entries()) {
    const id = `seed-${i}`;
    createPage(owner.index, { id, kind, title: `seed ${i}`, by: owner.name }, 0);
    pageDoc(owner, id);
    log.pages.add(id);
  }
  syncAll(replicas);
}

function emptyLog(): Log {
  return { pages: new Set(), deletedPages: new Set(), restoredPages: new Set(), tasks: new Map(), movedTasks: new Set(), deletedTasks: new Set(), restoredTasks: new Set(), typed: new Map(), comments: new Map() };
}

interface Coverage {
  runs: number;
  pageLoops: number;
  deletedPages: number;
  tasks: number;
  movedTasks: number;
  /** Edits made where a task used to be, forwarded to where it lives. */
  forwarded: number;
  comments: number;
}

function noteCoverage(coverage: Coverage, replicas: Replica[], log: Log): void {
  const pages = listPages(replicas[0]!.index);
  const byId = new Map(pages.map((page) => [page.id, page]));
  coverage.runs++;
  if (pages.some((page) => isOnLoop(page, byId))) coverage.pageLoops++;
  coverage.deletedPages += log.deletedPages.size;
  coverage.tasks += log.tasks.size;
  coverage.movedTasks += log.movedTasks.size;
  coverage.comments += log.comments.size;
}

/** `RUNS` random scenarios drawn from `seed`; each must converge. */
function convergenceRuns(seed: number): Coverage {
  const coverage: Coverage = { runs: 0, pageLoops: 0, deletedPages: 0, tasks: 0, movedTasks: 0, forwarded: 0, comments: 0 };
  fc.assert(
    fc.property(fc.integer({ min: 3, max: 5 }), fc.array(opArb, { minLength: 20, maxLength: 80 }), talkArb, (count, ops, talk) => {
      const replicas = workspaceReplicas(count);
      const log = emptyLog();
      seedPages(replicas, log);
      ops.forEach((op, step) => {
        apply(op, replicas, log, step);
        for (const extra of talk) if (extra.at === step || (step === ops.length - 1 && extra.at > step)) apply(extra.op, replicas, log, step);
      });
      syncAll(replicas);
      coverage.forwarded += settleMoves(replicas);
      expectConverged(replicas, log);
      noteCoverage(coverage, replicas, log);
    }),
    { numRuns: RUNS, seed },
  );
  return coverage;
}

// A hundred scenarios take a second or two alone, several times that on a busy machine.
const TIMEOUT = { timeout: 60_000 };

describe('convergence under random edits and partitions', () => {
  it('all replicas end identical and lose nothing (a fresh seed each run)', TIMEOUT, () => {
    const coverage = withFuzzSeed(convergenceRuns);
    // Guards the generator: the races this test exists for must actually happen.
    // About 9% of scenarios end with a parent loop, so 100 runs miss one with p < 1e-4.
    expect(coverage.pageLoops, 'scenarios that ended with a parent loop').toBeGreaterThan(0);
    expect(coverage.deletedPages).toBeGreaterThan(0);
    expect(coverage.tasks / coverage.runs).toBeGreaterThan(3);
    expect(coverage.movedTasks, 'tasks moved between lists').toBeGreaterThan(coverage.runs / 4);
    expect(coverage.forwarded, 'edits forwarded after a move').toBeGreaterThan(0);
    expect(coverage.comments / coverage.runs, 'comments on tasks per scenario').toBeGreaterThan(3);
  });

  // Without the loop guards, this seed leaves concurrent moves that put two pages
  // under each other: pageTree then flattened the subtree below the loop to the
  // root (within 10 scenarios), and movePage walked the loop forever.
  it('seed 20260304: pages below a parent loop keep their place, and moves near the loop end', TIMEOUT, () => {
    withFuzzSeed(convergenceRuns, 20_260_304);
  });
});
