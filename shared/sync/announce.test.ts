import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createPage, indexMaps, listPages, Origin, write } from '../model';
import { ANNOUNCE_INTERVAL_MS, PageAnnouncer } from './announce';

const START = Date.UTC(2026, 0, 5, 9);

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});
afterEach(() => {
  vi.useRealTimers();
});

function setup() {
  const index = new Y.Doc();
  const pageId = createPage(index, { title: 'Plan', by: 'm-ada' }, START - 60_000);
  const announced: string[] = [];
  const announcer = new PageAnnouncer({ index, announced: (docId) => announced.push(docId) });
  const version = () => listPages(index).find((page) => page.id === pageId)?.updatedAt;
  return { index, pageId, announcer, announced, version };
}

describe('PageAnnouncer', () => {
  it('announces the first edit at once and the edits after it once per interval, the last one included', async () => {
    const { pageId, announcer, announced, version } = setup();
    announcer.schedule(pageId);
    await vi.advanceTimersByTimeAsync(0);
    expect(version()).toBe(START);

    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(400); // typing
      announcer.schedule(pageId);
    }
    expect(announced).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(ANNOUNCE_INTERVAL_MS - 4_000 - 1);
    expect(announced).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(announced).toHaveLength(2); // the trailing edge: the last keystroke is announced
    expect(version()).toBe(START + ANNOUNCE_INTERVAL_MS);
  });

  it('moves the version forward even when a teammate stamped it ahead of this clock', async () => {
    const { index, pageId, announcer, version } = setup();
    const ahead = START + 3_600_000;
    write(index, Origin.sync, () => indexMaps(index).pages.get(pageId)?.set('updatedAt', ahead));
    announcer.schedule(pageId);
    await vi.advanceTimersByTimeAsync(0);
    expect(version()).toBe(ahead + 1);
  });

  it('announces a waiting edit at once when its doc closes, and nothing when none waits', async () => {
    const { pageId, announcer, announced, version } = setup();
    announcer.schedule(pageId);
    await vi.advanceTimersByTimeAsync(1_000);
    announcer.schedule(pageId);
    announcer.flush(pageId);
    expect(announced).toEqual([pageId, pageId]);
    expect(version()).toBe(START + 1_000);
    announcer.flush(pageId);
    expect(announced).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('on dispose clears every waiting timer and announces nothing more', async () => {
    const { index, pageId, announcer, announced } = setup();
    const other = createPage(index, { title: 'Notes', by: 'm-ada' }, START - 60_000);
    announcer.schedule(pageId);
    announcer.schedule(other);
    await vi.advanceTimersByTimeAsync(0);
    announcer.schedule(pageId);
    announcer.schedule(other);
    expect(vi.getTimerCount()).toBe(2);
    announcer.dispose();
    expect(vi.getTimerCount()).toBe(0);
    announcer.schedule(pageId);
    announcer.flushAll();
    expect(announced).toHaveLength(2);
  });
});
