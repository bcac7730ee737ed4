/**
 * `npm run bench:tasks`: tasks at a team's scale, in the app as built (dist/renderer) on a Chromium
 * profile on disk, and the task index in Node:
 *  - My work from a cold start with 1,000 task lists and 10,000 tasks on the device (drawn from the
 *    copy the device saved when My work was last shown, and without that copy: from the live task
 *    index), beside a plain task list (the list view as it opens today) from a cold start;
 *  - re-filtering 10,000 indexed tasks (My work's grouping, and a status + assignee + due filter);
 *  - the task index's size as stored and its rebuild time from the 1,000 lists' docs;
 *  - a board of 2,000 cards scrolled and a card dragged across it, frames counted, beside the
 *    list view of the same 2,000 tasks scrolled (both draw only the rows near the view).
 * Cold starts also record the app's own startup marks (renderer/shared/marks.ts), to show where the time goes.
 * Each row records `target: pass|fail` (null where the issue sets none). Writes bench/results/tasks.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import * as Y from 'yjs';
import { DEFAULT_WORKING_HOURS, getPage, listMembers } from '../shared/model';
import { dueOwnerOf, myWork, summarizeList, TaskIndex } from '../shared/tasks';
import { launchOnDisk } from '../test/helpers/browser';
import { serveRenderer } from '../test/helpers/web';
import { benchTab, landOnOrigin } from './measure';
import { writeWorkspace, type SeededWorkspace } from './seed';
import { manyLists, oneBigList } from './tasks/seed';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** `BENCH_ONLY=cold` or `frames` measures the cold starts or the board's and list's frames alone (a quicker loop while working on one); the results file is left as it was. */
const ONLY = process.env.BENCH_ONLY ?? null;
const LISTS = 1_000;
const PER_LIST = 10;
const PEOPLE = 20;
const CARDS = 2_000;
const VIEWPORT = { width: 1280, height: 860 };
const FRAME_MS = 1000 / 60;
const SETTLE_MS = 5_000;
const TARGETS = { myWorkMs: 300, filterMs: 50, fps: 60 };
/** Frames a 60 fps run may drop and still count as 60 fps: one in twenty. */
const DROPPED_ALLOWED = 0.05;

interface Row {
  measure: string;
  what: string;
  value: number;
  unit: string;
  runs: number;
  samples?: number[];
  droppedFrames?: number;
  frames?: number;
  target: 'pass' | 'fail' | null;
  targetValue: string | null;
  /** Cold starts: when each startup step was done (median ms from navigation). */
  steps?: Record<string, number>;
}

/** The app's startup marks (renderer/shared/marks.ts) a cold start reports, by what they mean. */
const STEPS: Record<string, string> = {
  'script loaded': 'script',
  'My work drawn from its saved copy': 'baton:my-work-from-copy',
  'device record read': 'baton:device-read',
  'workspace index doc loaded': 'baton:workspace-ready',
  'sidebar painted': 'baton:sidebar-painted',
  'task index read': 'baton:task-index-read',
};

interface ColdOpen {
  shownMs: number;
  steps: Record<string, number>;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

function timeIt(fn: () => void, runs: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

/** The index as the app keeps it, built from every list's doc; and what that took. */
function buildIndex(seeded: ReturnType<typeof manyLists>): { index: TaskIndex; rebuildMs: number[] } {
  const indexDoc = new Y.Doc();
  Y.applyUpdate(indexDoc, seeded.docs[0]!.update);
  let index = new TaskIndex();
  const rebuildMs = timeIt(() => {
    index = new TaskIndex();
    for (const [listId, update] of seeded.listDocs) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, update);
      index.put(listId, getPage(indexDoc, listId)!.updatedAt, summarizeList(listId, doc));
      doc.destroy();
    }
  }, 3);
  indexDoc.destroy();
  return { index, rebuildMs };
}

function nodeRows(seeded: ReturnType<typeof manyLists>, now: number): { rows: Row[]; saved: string } {
  const { index, rebuildMs } = buildIndex(seeded);
  const saved = index.serialize();
  const indexDoc = new Y.Doc();
  Y.applyUpdate(indexDoc, seeded.docs[0]!.update);
  const members = listMembers(indexDoc);
  const me = (seeded.device as { profile: { memberId: string } }).profile.memberId;
  const tasks = index.tasks();
  const grouping = timeIt(() => myWork(tasks, me, (task) => dueOwnerOf(task, members, DEFAULT_WORKING_HOURS), now, undefined, { timezone: 'Europe/London', workingHours: DEFAULT_WORKING_HOURS }), 30);
  const someone = members[3]!.id;
  const until = new Date(now + 14 * 86_400_000).toISOString().slice(0, 10);
  const filtering = timeIt(() => tasks.filter((task) => task.status !== 'done' && task.assignees.includes(someone) && task.dueDate !== null && task.dueDate <= until), 30);
  indexDoc.destroy();
  const row = (measure: string, what: string, samples: number[], target: number | null): Row => ({
    measure,
    what,
    value: round(median(samples), 2),
    unit: 'ms',
    runs: samples.length,
    samples: samples.map((value) => round(value, 2)),
    target: target === null ? null : median(samples) < target ? 'pass' : 'fail',
    targetValue: target === null ? null : `< ${target} ms`,
  });
  return {
    saved,
    rows: [
      row('filter', `My work's groups over ${tasks.length.toLocaleString('en')} indexed tasks (Node)`, grouping, TARGETS.filterMs),
      row('filter', `status + assignee + due filter over ${tasks.length.toLocaleString('en')} indexed tasks (Node)`, filtering, TARGETS.filterMs),
      row('index', `task index rebuilt from ${LISTS.toLocaleString('en')} lists' docs (Node)`, rebuildMs, null),
      { measure: 'index', what: 'task index as stored (IndexedDB, one string)', value: round(saved.length / 1024), unit: 'KB', runs: 1, target: null, targetValue: null },
    ],
  };
}

/** From navigation to the first frame that shows `selector`, in a fresh tab of `context`; and when each startup step was done. */
async function coldOpen(context: BrowserContext, url: string, storage: Record<string, string>, selector: string): Promise<ColdOpen> {
  const { page, errors } = await benchTab(context);
  try {
    await landOnOrigin(page, url, storage);
    // From the navigation's commit, not its load event: the app may be drawn before every script has loaded.
    await page.goto(url, { waitUntil: 'commit' });
    const handle = await page.waitForFunction((wanted) => (document.querySelector(wanted) ? performance.now() : false), selector, { polling: 'raf', timeout: 60_000 });
    const shownMs = (await handle.jsonValue()) as number;
    // The rest of the start (the app loaded, the live index read, the sidebar drawn), for its steps.
    await page.waitForFunction(`performance.getEntriesByName('baton:sidebar-painted').length > 0`, undefined, { timeout: 60_000 });
    // Marks made after a paint land a moment after it.
    await page.waitForTimeout(100);
    const marks = (await page.evaluate(
      `Object.fromEntries([
        ...performance.getEntriesByType('mark').map((mark) => [mark.name, mark.startTime]),
        ['script', performance.getEntriesByType('resource').find((entry) => /\\/assets\\/index-[^/]*\\.js$/.test(entry.name))?.responseEnd ?? NaN],
      ])`,
    )) as Record<string, number>;
    if (errors.length > 0) throw new Error(`page error: ${errors.join('; ')}`);
    return { shownMs, steps: Object.fromEntries(Object.entries(STEPS).map(([step, mark]) => [step, marks[mark] ?? NaN])) };
  } finally {
    await page.close();
  }
}

/**
 * Opens My work once and waits until the app has saved its copy of it (renderer/features/mywork/savedCopy.ts),
 * as it has on any device where the person looked at My work before.
 */
async function showMyWorkOnce(context: BrowserContext, url: string, workspaceId: string): Promise<void> {
  const { page, errors } = await benchTab(context);
  await landOnOrigin(page, url, { [`baton:last-page:${workspaceId}`]: 'my-work' });
  await page.goto(url);
  await page.waitForFunction(`(localStorage.getItem(${JSON.stringify(`baton:my-work:${workspaceId}`)}) ?? '').length > 0`, undefined, { timeout: 60_000 });
  if (errors.length > 0) throw new Error(`page error: ${errors.join('; ')}`);
  await page.close();
}

/** Writes the workspace's docs, and the task index the device would have saved (renderer/app/workspace/taskIndexStore.ts). */
async function seed(context: BrowserContext, url: string, workspace: SeededWorkspace, savedIndex: string | null): Promise<void> {
  const { page } = await benchTab(context);
  await landOnOrigin(page, url);
  await writeWorkspace(page, workspace);
  if (savedIndex !== null) {
    await page.evaluate(
      `new Promise((resolve, reject) => {
        const request = indexedDB.open('baton-task-index', 1);
        request.onupgradeneeded = () => request.result.createObjectStore('indexes');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const tx = request.result.transaction('indexes', 'readwrite');
          tx.objectStore('indexes').put(${JSON.stringify(savedIndex)}, ${JSON.stringify(workspace.workspaceId)});
          tx.oncomplete = () => { request.result.close(); resolve(); };
          tx.onerror = () => reject(tx.error);
        };
      })`,
    );
  }
  await page.close();
}

/** Frames while `act` runs, from requestAnimationFrame in the page: how many, and how many a 60 Hz display would have dropped. */
async function framesDuring(page: Page, act: () => Promise<void>): Promise<{ frames: number; dropped: number; fps: number }> {
  // A string, so the bundler's helpers for named functions stay out of the page.
  await page.evaluate(`(() => {
    const state = { stamps: [], on: true };
    window.__frames = state;
    const tick = (at) => {
      state.stamps.push(at);
      if (state.on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await act();
  const stamps = await page.evaluate(() => {
    const state = (window as unknown as { __frames: { stamps: number[]; on: boolean } }).__frames;
    state.on = false;
    return state.stamps;
  });
  let dropped = 0;
  for (let i = 1; i < stamps.length; i++) dropped += Math.max(0, Math.round((stamps[i]! - stamps[i - 1]!) / FRAME_MS) - 1);
  const seconds = (stamps[stamps.length - 1]! - stamps[0]!) / 1000;
  return { frames: stamps.length - 1, dropped, fps: (stamps.length - 1) / seconds };
}

/** Scrolls the page's scroller down by `step` px a frame for two seconds. */
async function scrollPage(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const scroller = document.querySelector('.page')!;
    for (let i = 0; i < 120; i++) {
      scroller.scrollTop += 40;
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  });
}

async function dragAcross(page: Page): Promise<void> {
  const card = (await page.locator('.board-card').first().boundingBox())!;
  const target = (await page.getByRole('list', { name: 'Blocked tasks' }).boundingBox())!;
  await page.mouse.move(card.x + card.width / 2, card.y + card.height / 2);
  await page.mouse.down();
  await page.mouse.move(card.x + card.width / 2 + 10, card.y + card.height / 2 + 10, { steps: 3 });
  await page.mouse.move(target.x + target.width / 2, card.y + 200, { steps: 60 });
  await page.mouse.up();
}

async function frameRows(context: BrowserContext, url: string, workspace: SeededWorkspace): Promise<Row[]> {
  const listId = workspace.tasksPageId;
  const rows: Row[] = [];
  for (const view of ['board', 'list'] as const) {
    const runs: { scroll: { frames: number; dropped: number; fps: number }; drag?: { frames: number; dropped: number; fps: number }; dragAfterScroll?: { frames: number; dropped: number; fps: number } }[] = [];
    for (let r = 0; r < RUNS; r++) {
      const { page, errors } = await benchTab(context);
      await landOnOrigin(page, url, { [`baton:last-page:${workspace.workspaceId}`]: listId, [`baton:view:${listId}`]: view });
      await page.goto(url);
      // Both views draw the rows near the view only; the board's headings count every card, and a
      // list row says how many rows its list has.
      const loaded =
        view === 'board'
          ? `[...document.querySelectorAll('.board-column-heading .muted')].reduce((sum, count) => sum + Number(count.textContent), 0) >= ${CARDS} && document.querySelector('.board-card')`
          : `document.querySelector('.task-list > li.task[aria-setsize="${CARDS}"]')`;
      await page.waitForFunction(loaded, undefined, { timeout: 120_000 });
      // Frames are counted once start-up has settled: the view draws its rows near the view at once,
      // but the app then reads the list into the task index and, 3 s in, preloads the code split out
      // of its first script (renderer/app/registry.ts). Scrolling and dragging are measured, not those.
      await page.waitForTimeout(SETTLE_MS);
      let drag: { frames: number; dropped: number; fps: number } | undefined;
      let dragAfterScroll: { frames: number; dropped: number; fps: number } | undefined;
      if (view === 'board') drag = await framesDuring(page, () => dragAcross(page));
      await page.waitForTimeout(300);
      const scroll = await framesDuring(page, () => scrollPage(page));
      if (view === 'board') {
        await page.evaluate(() => document.querySelector('.page')!.scrollTo(0, 0));
        await page.waitForTimeout(300);
        dragAfterScroll = await framesDuring(page, () => dragAcross(page));
      }
      if (errors.length > 0) throw new Error(`page error: ${errors.join('; ')}`);
      runs.push({ scroll, drag, dragAfterScroll });
      await page.close();
    }
    const summarize = (what: string, samples: { frames: number; dropped: number; fps: number }[], target: boolean): Row => {
      const frames = samples.reduce((sum, sample) => sum + sample.frames, 0);
      const dropped = samples.reduce((sum, sample) => sum + sample.dropped, 0);
      const pass = dropped <= DROPPED_ALLOWED * (frames + dropped);
      return {
        measure: 'frames',
        what,
        value: round(median(samples.map((sample) => sample.fps))),
        unit: 'fps',
        runs: samples.length,
        samples: samples.map((sample) => round(sample.fps)),
        frames,
        droppedFrames: dropped,
        target: target ? (pass ? 'pass' : 'fail') : null,
        targetValue: target ? `${TARGETS.fps} fps (≤ ${DROPPED_ALLOWED * 100}% frames dropped)` : null,
      };
    };
    if (view === 'board') {
      rows.push(summarize(`board of ${CARDS.toLocaleString('en')} cards, scrolled`, runs.map((run) => run.scroll), true));
      rows.push(summarize(`board of ${CARDS.toLocaleString('en')} cards, a card dragged across as it opens`, runs.map((run) => run.drag!), true));
      rows.push(summarize(`board of ${CARDS.toLocaleString('en')} cards, a card dragged across after scrolling ${120 * 40} px down`, runs.map((run) => run.dragAfterScroll!), true));
    } else {
      rows.push(summarize(`list view of the same ${CARDS.toLocaleString('en')} tasks, scrolled`, runs.map((run) => run.scroll), false));
    }
  }
  return rows;
}

async function main(): Promise<void> {
  const now = Date.now();
  const load = [loadavg()[0]!];
  process.stderr.write(`seeding ${LISTS} lists × ${PER_LIST} tasks and a ${CARDS}-card list…\n`);
  const lists = manyLists(LISTS, PER_LIST, PEOPLE, now);
  const big = oneBigList(CARDS, now);
  const { rows: computed, saved } = nodeRows(lists, now);
  const server = await serveRenderer();
  const browser = await launchOnDisk({ viewport: VIEWPORT });
  const rows: Row[] = [...computed];
  try {
    const { context } = browser;
    await seed(context, server.url, lists, saved);
    const ws = lists.workspaceId;
    const myWorkOpens: ColdOpen[] = [];
    const myWorkLiveOpens: ColdOpen[] = [];
    const listOpens: ColdOpen[] = [];
    if (ONLY !== 'frames') await showMyWorkOnce(context, server.url, ws);
    for (let r = 0; r < (ONLY === 'frames' ? 0 : RUNS); r++) {
      myWorkOpens.push(await coldOpen(context, server.url, { [`baton:last-page:${ws}`]: 'my-work' }, '.mywork-task'));
      // The same start on a device with no copy of My work saved (its first start with this workspace).
      myWorkLiveOpens.push(await coldOpen(context, server.url, { [`baton:last-page:${ws}`]: 'my-work', [`baton:my-work:${ws}`]: '' }, '.mywork-task'));
      await showMyWorkOnce(context, server.url, ws);
      listOpens.push(await coldOpen(context, server.url, { [`baton:last-page:${ws}`]: lists.tasksPageId, [`baton:view:${lists.tasksPageId}`]: 'list' }, '.task-list > li.task'));
      process.stderr.write(`  cold opens ${r + 1} of ${RUNS}\n`);
    }
    const coldRow = (what: string, opens: ColdOpen[], target: number | null): Row => {
      const shown = median(opens.map((open) => open.shownMs));
      return {
        measure: 'cold start',
        what,
        value: round(shown, 0),
        unit: 'ms',
        runs: opens.length,
        samples: opens.map((open) => round(open.shownMs, 0)),
        target: target === null ? null : shown < target ? 'pass' : 'fail',
        targetValue: target === null ? null : `< ${target} ms`,
        steps: Object.fromEntries(Object.keys(STEPS).map((step) => [step, round(median(opens.map((open) => open.steps[step]!)), 0)])),
      };
    };
    if (ONLY !== 'frames') rows.unshift(
      coldRow(`My work, ${LISTS.toLocaleString('en')} lists and ${(LISTS * PER_LIST).toLocaleString('en')} tasks on the device`, myWorkOpens, TARGETS.myWorkMs),
      coldRow(`My work, same device with no copy of My work saved: drawn from the live task index`, myWorkLiveOpens, null),
      coldRow(`one task list of ${PER_LIST}, same workspace`, listOpens, null),
    );
    if (ONLY !== 'cold') {
      // Frames alone: the Node rows are left out too.
      if (ONLY === 'frames') rows.length = 0;
      await seed(context, server.url, big, null);
      process.stderr.write('  board and list frames…\n');
      rows.push(...(await frameRows(context, server.url, big)));
    }
  } finally {
    await browser.close();
    await server.close();
  }
  load.push(loadavg()[0]!);
  console.log(`\nTasks at a team's scale (${RUNS} runs each; medians)`);
  console.table(rows.map((row) => ({ measure: row.measure, what: row.what, value: `${row.value} ${row.unit}`, dropped: row.droppedFrames === undefined ? '' : `${row.droppedFrames} of ${row.frames! + row.droppedFrames}`, target: row.target === null ? '' : `${row.target} (${row.targetValue})` })));
  for (const row of rows) if (row.steps) console.log(`${row.what}: ${Object.entries(row.steps).map(([step, at]) => `${step} ${at} ms`).join(' → ')} → shown ${row.value} ms`);
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: round(totalmem() / 1024 ** 3), node: process.version, loadAverage: load.map((value) => round(value, 2)) };
  const out = join(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  if (ONLY !== null) return console.log(`BENCH_ONLY=${ONLY}: bench/results/tasks.json left as it was`);
  writeFileSync(join(out, 'tasks.json'), JSON.stringify(rows.map((row) => ({ ...row, machine, date: new Date().toISOString() })), null, 2) + '\n');
  console.log(`machine: ${machine.cpus} × ${machine.cpuModel}, load average ${machine.loadAverage.join(' → ')}`);
  console.log('wrote bench/results/tasks.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
