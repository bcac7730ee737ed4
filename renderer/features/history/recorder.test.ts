import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { appendParagraph, pageContent } from '../../../shared/model';
import { clientMember, deleterLookup, listVersions } from '../../../shared/model/history';
import { HistoryRecorder } from './recorder';

const IDLE = 1_000;

function setup() {
  const page = new Y.Doc();
  const history = new Y.Doc();
  const recorder = new HistoryRecorder({ page, history, member: 'ana', idleMs: IDLE, deletionsMs: 100, intervalMs: 60_000 });
  return { page, history, recorder };
}

describe('HistoryRecorder', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('saves an automatic version once an editing session goes idle, and records who this client is', () => {
    const { page, history } = setup();
    appendParagraph(page, 'Hello');
    vi.advanceTimersByTime(IDLE - 1);
    appendParagraph(page, 'again');
    vi.advanceTimersByTime(IDLE - 1);
    expect(listVersions(history)).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(listVersions(history).map((v) => [v.auto, v.author])).toEqual([[true, 'ana']]);
    expect(clientMember(history, page.clientID)).toBe('ana');
  });

  it('saves when the page closes, and never for changes that came from elsewhere', () => {
    const { page, history, recorder } = setup();
    const teammate = new Y.Doc();
    appendParagraph(teammate, 'From a teammate');
    Y.applyUpdate(page, Y.encodeStateAsUpdate(teammate), 'relay');
    vi.advanceTimersByTime(IDLE * 2);
    expect(listVersions(history)).toHaveLength(0);
    expect(clientMember(history, teammate.clientID)).toBeNull();

    appendParagraph(page, 'Mine');
    recorder.dispose();
    expect(listVersions(history)).toHaveLength(1);
  });

  it('records who deleted text, soon after the deletion', () => {
    const { page, history } = setup();
    const text = appendParagraph(page, 'abcdef');
    const first = text._start!.id;
    text.delete(2, 2);
    expect(deleterLookup(history)(Y.createID(first.client, first.clock + 2))).toBeNull();
    vi.advanceTimersByTime(100);
    expect(deleterLookup(history)(Y.createID(first.client, first.clock + 2))).toBe('ana');
    expect(deleterLookup(history)(Y.createID(first.client, first.clock + 1))).toBeNull();
    expect(pageContent(page).toString()).toBe('<paragraph>abef</paragraph>');
  });
});
