/**
 * A workspace already on the fake relay (testing.ts), for WorkspaceSync unit tests: `count` pages,
 * each with one paragraph ("body of page <i>"), written by Ada an hour before `at`.
 * Not exported from index.ts; production code never needs it.
 */
import * as Y from 'yjs';
import { appendParagraph, createPage, initWorkspace } from '../model';
import { FakeNetwork, FakeRelay } from './testing';

export const ADA = { id: 'm-ada', name: 'Ada', color: '#2563eb', timezone: 'Europe/London', workingHours: { start: 540, end: 1020, days: [1, 2, 3, 4, 5] }, joinedAt: 0 };

export function seededFakeRelay(workspaceId: string, count: number, at: number) {
  const network = new FakeNetwork();
  const relay = new FakeRelay(network);
  const author = new Y.Doc();
  initWorkspace(author, { id: workspaceId, name: 'Strategy', creator: ADA }, at - 3_600_000);
  const pageIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = createPage(author, { title: `Page ${i}`, by: ADA.id }, at - 3_600_000 + i);
    pageIds.push(id);
    const page = new Y.Doc();
    appendParagraph(page, `body of page ${i}`);
    Y.applyUpdate(relay.doc(`${workspaceId}/${id}`), Y.encodeStateAsUpdate(page), 'seed');
  }
  Y.applyUpdate(relay.doc(`${workspaceId}/index`), Y.encodeStateAsUpdate(author), 'seed');
  return { network, relay, pageIds };
}
