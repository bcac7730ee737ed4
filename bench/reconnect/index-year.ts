/**
 * The index doc after a year of a 20-person team: every device holds it and loads it first, so its
 * size is paid on every start. Each person writes as their own Yjs client, as their device would.
 *
 * The year: 1,000 pages made (50 each), 2,000 renames, 500 moves, 100 pages deleted, and 100,000
 * page edits. Before, each edit marked its page changed by setting `updatedAt` in the index (at most
 * once per 5 s per page and device, and a year's edits are minutes apart: once per edit), and every
 * overwrite left a tombstone. Now the relay says which pages changed (CHANGED, shared/protocol/mux.ts)
 * and an edit writes nothing to the index (test/integration/sync-mux.test.ts holds the engine to
 * that); only what people do to the page tree is in it.
 */
import * as Y from 'yjs';
import { createPage, deletePage, indexMaps, initWorkspace, movePage, renamePage, write, Origin, type Member } from '../../shared/model';

const PEOPLE = 20;
const PAGES_EACH = 50;
const RENAMES = 2_000;
const MOVES = 500;
const DELETES = 100;
const EDITS = 100_000;
/** What the index may weigh after such a year: what the page tree itself takes (some 300 bytes a page made), with room to spare. */
export const INDEX_BOUND_BYTES = 384 * 1024;

const YEAR_START = Date.UTC(2026, 0, 5, 9);

function member(i: number): Member {
  return { id: `m${i}`, name: `Person ${i}`, color: '#2563eb', timezone: 'Europe/Berlin', workingHours: { start: 540, end: 1020, days: [1, 2, 3, 4, 5] }, timeOff: [], joinedAt: YEAR_START };
}

/** Runs the year; `announceEdits` is the old behaviour. Returns the index's encoded size in bytes. */
export function indexAfterYear(announceEdits: boolean, seed = 7): { bytes: number; pages: number } {
  let state = seed;
  const random = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % n;
  };
  // One replica, each person's writes made under their own Yjs client id: the doc every device
  // converges to, built without applying each update twenty times.
  const index = new Y.Doc();
  const clients = Array.from({ length: PEOPLE }, (_, i) => 1_000_000 + i * 7_919);
  const as = (person: number) => {
    index.clientID = clients[person]!;
    return index;
  };
  initWorkspace(as(0), { id: 'team', name: 'Team', creator: member(0) }, YEAR_START);
  const pages: string[] = [];
  const actions = [
    ...Array.from({ length: PEOPLE * PAGES_EACH }, () => 'create'),
    ...Array.from({ length: RENAMES }, () => 'rename'),
    ...Array.from({ length: MOVES }, () => 'move'),
    ...Array.from({ length: DELETES }, () => 'delete'),
    ...Array.from({ length: EDITS }, () => 'edit'),
  ];
  // Spread over the year: creation first where an action needs pages.
  for (let i = actions.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [actions[i], actions[j]] = [actions[j]!, actions[i]!];
  }
  let now = YEAR_START;
  for (const action of actions) {
    now += 300_000;
    const device = as(random(PEOPLE));
    if (action === 'create' || pages.length === 0) {
      pages.push(createPage(device, { title: `Page ${pages.length}`, kind: 'doc', by: 'm0' }, now));
      continue;
    }
    const page = pages[random(pages.length)]!;
    const record = indexMaps(device).pages.get(page);
    if (!record || record.get('deletedAt')) continue;
    if (action === 'rename') renamePage(device, page, `Page ${page.slice(0, 4)} v${random(1000)}`, now);
    else if (action === 'move') movePage(device, page, null, 0, now);
    else if (action === 'delete') deletePage(device, page, now);
    else if (announceEdits) write(device, Origin.sync, () => record.set('updatedAt', Math.max(now, ((record.get('updatedAt') as number | undefined) ?? 0) + 1)));
  }
  const bytes = Y.encodeStateAsUpdate(index).byteLength;
  index.destroy();
  return { bytes, pages: pages.length };
}

export function indexYearRows(): Record<string, unknown>[] {
  const before = indexAfterYear(true);
  const now = indexAfterYear(false);
  return [
    {
      measure: 'index doc after a year',
      what: `${PEOPLE} people: ${now.pages} pages made, ${RENAMES} renames, ${MOVES} moves, ${DELETES} deletions, ${EDITS} page edits`,
      beforeBytes: before.bytes,
      value: now.bytes,
      unit: 'B',
      targetValue: `< ${INDEX_BOUND_BYTES} B`,
      target: now.bytes < INDEX_BOUND_BYTES ? 'pass' : 'fail',
    },
  ];
}
