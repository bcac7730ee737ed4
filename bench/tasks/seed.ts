/**
 * Workspaces for `npm run bench:tasks`, built with the real model functions: many small task lists
 * spread over a team (for My work and the task index), and one list of many tasks (for the board).
 */
import * as Y from 'yjs';
import { addTask, createPage, DEFAULT_WORKING_HOURS, initWorkspace, newId, placeTask, TASK_STATUSES, upsertMember } from '../../shared/model';
import { INDEX_DOC_ID } from '../../shared/protocol/rooms';
import type { SeededWorkspace } from '../seed';

const DAY = 86_400_000;
const ZONES = ['Asia/Tokyo', 'Europe/London', 'Europe/Berlin', 'Asia/Shanghai', 'America/New_York'];
const WORDS = 'plan review ship draft sync notes launch follow up budget hiring design research roadmap retro metrics'.split(' ');

const title = (seed: number) => {
  const words = Array.from({ length: 5 }, (_, i) => WORDS[(seed * 7 + i * 13) % WORDS.length]!);
  return words.join(' ').replace(/^./, (first) => first.toUpperCase());
};
const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

interface Team {
  workspaceId: string;
  index: Y.Doc;
  me: string;
  members: string[];
  profile: object;
}

function team(people: number, now: number): Team {
  const workspaceId = newId();
  const me = newId();
  const index = new Y.Doc();
  initWorkspace(index, { id: workspaceId, name: 'Bench tasks', creator: { id: me, name: 'Bench', color: '#2563eb', timezone: 'Europe/London', workingHours: DEFAULT_WORKING_HOURS, joinedAt: now } }, now);
  const members = [me];
  for (let i = 1; i < people; i++) {
    const id = newId();
    upsertMember(index, { id, name: `Member ${i}`, color: '#0f766e', timezone: ZONES[i % ZONES.length]!, workingHours: DEFAULT_WORKING_HOURS, joinedAt: now });
    members.push(id);
  }
  const profile = { memberId: me, name: 'Bench', color: '#2563eb', timezone: 'Europe/London', workingHours: DEFAULT_WORKING_HOURS };
  return { workspaceId, index, me, members, profile };
}

function finish(t: Team, docs: SeededWorkspace['docs'], firstList: string): SeededWorkspace {
  docs.unshift({ docId: INDEX_DOC_ID, update: Y.encodeStateAsUpdate(t.index) });
  t.index.destroy();
  const device = { profile: t.profile, workspaces: [{ id: t.workspaceId, name: 'Bench tasks', relay: null }], currentWorkspaceId: t.workspaceId };
  return { workspaceId: t.workspaceId, device, docs, tasksPageId: firstList, docPageId: '', bytes: docs.reduce((sum, doc) => sum + doc.update.byteLength, 0) };
}

/**
 * `lists` task lists of `perList` tasks each, over a team of `people`: tasks assigned round the
 * team (one in `people` to the device's own member), due within two months either side of `now`,
 * statuses spread, a quarter done.
 */
export function manyLists(lists: number, perList: number, people: number, now: number): SeededWorkspace & { listDocs: Map<string, Uint8Array> } {
  const t = team(people, now);
  const docs: SeededWorkspace['docs'] = [];
  const listDocs = new Map<string, Uint8Array>();
  let first = '';
  for (let l = 0; l < lists; l++) {
    const id = createPage(t.index, { title: `Tasks ${l + 1}`, kind: 'tasks', parentId: null, by: t.me }, now);
    first ||= id;
    const doc = new Y.Doc();
    for (let i = 0; i < perList; i++) {
      const n = l * perList + i;
      const taskId = addTask(doc, { title: title(n), by: t.members[n % people]!, assignees: [t.members[(n * 7) % people]!], dueDate: n % 3 ? isoDay(now + ((n % 120) - 60) * DAY) : null }, now);
      const status = TASK_STATUSES[n % 4]!;
      if (status !== 'todo') placeTask(doc, taskId, status, 0, now);
    }
    const update = Y.encodeStateAsUpdate(doc);
    docs.push({ docId: id, update });
    listDocs.set(id, update);
    doc.destroy();
  }
  return { ...finish(t, docs, first), listDocs };
}

/** One task list of `cards` tasks, a quarter in each status: the board's load. */
export function oneBigList(cards: number, now: number): SeededWorkspace {
  const t = team(5, now);
  const id = createPage(t.index, { title: 'Big board', kind: 'tasks', parentId: null, by: t.me }, now);
  const doc = new Y.Doc();
  for (let n = 0; n < cards; n++) {
    const taskId = addTask(doc, { title: title(n), by: t.me, assignees: [t.members[n % t.members.length]!], dueDate: n % 2 ? isoDay(now + ((n % 40) - 20) * DAY) : null }, now);
    const status = TASK_STATUSES[n % 4]!;
    if (status !== 'todo') placeTask(doc, taskId, status, n, now);
  }
  const docs = [{ docId: id, update: Y.encodeStateAsUpdate(doc) }];
  doc.destroy();
  return finish(t, docs, id);
}
