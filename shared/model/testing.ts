/**
 * Helpers for model tests: replicas of one workspace that exchange Yjs
 * updates by hand, so a test decides exactly who has seen what.
 * Not exported from index.ts; production code never needs them.
 */
import * as Y from 'yjs';
import { pageContent } from './content';
import { IndexKey, PageKey, type Member } from './schema';
import { taskMap } from './tasks';
import { initWorkspace } from './workspace';

export interface Replica {
  name: string;
  /** Yjs client id shared by every doc of this replica, so runs replay exactly. */
  clientId: number;
  index: Y.Doc;
  /** Page docs by page id, created the first time this replica touches a page. */
  pages: Map<string, Y.Doc>;
  connected: boolean;
}

function newDoc(clientId: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  return doc;
}

export function newReplica(name: string, clientId: number): Replica {
  return { name, clientId, index: newDoc(clientId), pages: new Map(), connected: true };
}

export function member(id: string, overrides: Partial<Member> = {}): Member {
  return {
    id,
    name: id,
    color: '#2563eb',
    timezone: 'UTC',
    workingHours: { start: 9 * 60, end: 17 * 60, days: [1, 2, 3, 4, 5] },
    timeOff: [],
    joinedAt: 0,
    ...overrides,
  };
}

/** `count` replicas of one workspace: the first creates it, the others receive it. */
export function workspaceReplicas(count: number): Replica[] {
  const replicas = Array.from({ length: count }, (_, i) => newReplica(`r${i}`, i + 1));
  initWorkspace(replicas[0]!.index, { id: 'ws', name: 'Workspace', creator: member('m0') }, 0);
  syncAll(replicas);
  return replicas;
}

export function pageDoc(replica: Replica, pageId: string): Y.Doc {
  let doc = replica.pages.get(pageId);
  if (!doc) {
    doc = newDoc(replica.clientId);
    replica.pages.set(pageId, doc);
  }
  return doc;
}

/** Sends each side exactly what the other lacks. */
export function syncDocs(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB, 'test:remote');
  Y.applyUpdate(a, toA, 'test:remote');
}

/** Exchanges the index doc and every page doc either replica has. Ignores partitions. */
export function syncPair(a: Replica, b: Replica): void {
  syncDocs(a.index, b.index);
  const ids = new Set([...a.pages.keys(), ...b.pages.keys()]);
  for (const id of ids) syncDocs(pageDoc(a, id), pageDoc(b, id));
}

/** Reconnects everyone and exchanges until nothing changes (a full mesh converges in one round, but check). */
export function syncAll(replicas: readonly Replica[]): void {
  for (const replica of replicas) replica.connected = true;
  for (let round = 0; round < 5; round++) {
    const before = replicas.map(fingerprint).join('|');
    for (let i = 0; i < replicas.length; i++) {
      for (let j = i + 1; j < replicas.length; j++) syncPair(replicas[i]!, replicas[j]!);
    }
    if (replicas.map(fingerprint).join('|') === before) return;
  }
  throw new Error('replicas did not settle after 5 full exchanges');
}

function fingerprint(replica: Replica): string {
  const parts = [stateVector(replica.index)];
  for (const id of [...replica.pages.keys()].sort()) parts.push(`${id}:${stateVector(replica.pages.get(id)!)}`);
  return parts.join(',');
}

function stateVector(doc: Y.Doc): string {
  return Array.from(Y.encodeStateVector(doc)).join('.');
}

/** JSON with sorted keys: Y.Map iteration order depends on arrival order, content does not. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    return Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/** Everything a replica holds, as comparable text. */
export function indexSnapshot(doc: Y.Doc): string {
  const maps = Object.values(IndexKey).map((key) => [key, doc.getMap(key).toJSON()]);
  return canonical({ maps: Object.fromEntries(maps), stateVector: stateVector(doc) });
}

export function pageSnapshot(doc: Y.Doc): string {
  return canonical({
    content: pageContent(doc).toString(),
    tasks: taskMap(doc).toJSON(),
    taskComments: doc.getMap(PageKey.taskComments).toJSON(),
    taskPages: doc.getMap(PageKey.taskPages).toJSON(),
    stateVector: stateVector(doc),
  });
}
