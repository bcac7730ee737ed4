import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { Origin } from '../model';
import { DocLifetimes, RELEASE_GRACE_MS, type DocLifetimeHooks } from './docs';
import { MemoryPersistence } from './memory';
import type { PersistedDoc, Persistence } from './types';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Memory persistence whose loads finish only when the test says so (IndexedDB is asynchronous). */
class SlowPersistence implements Persistence {
  private readonly inner = new MemoryPersistence();
  private readonly waiting: (() => void)[] = [];

  open(name: string, doc: Y.Doc): PersistedDoc {
    const persisted = this.inner.open(name, doc);
    const whenLoaded = new Promise<void>((resolve) => this.waiting.push(resolve));
    return { ...persisted, whenLoaded };
  }

  finishLoads(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

function setup(persistence: Persistence = new MemoryPersistence(), mayClose = () => true) {
  const events: string[] = [];
  const hooks: DocLifetimeHooks = {
    loaded: (entry) => events.push(`loaded ${entry.docId}`),
    localChange: (entry) => events.push(`edit ${entry.docId}`),
    mayClose,
    closing: (entry) => events.push(`closing ${entry.docId}`),
    closed: (entry, pending) => events.push(`closed ${entry.docId} ${pending}`),
  };
  const docs = new DocLifetimes({ persistence, namePrefix: 'baton/w1/', hooks });
  return { docs, events };
}

const write = (doc: Y.Doc, text: string) => doc.transact(() => doc.getText('body').insert(0, text), Origin.local);

describe('DocLifetimes', () => {
  it('gives every handle the same doc and closes it only once the last handle is released and the grace ran out', async () => {
    const { docs, events } = setup();
    const first = docs.retain('p1');
    const second = docs.retain('p1');
    expect(second).toBe(first);
    await first.loaded;
    write(first.doc, 'draft');

    const timers = vi.getTimerCount(); // the awareness' own check, while the doc is open
    docs.release(first);
    expect(vi.getTimerCount()).toBe(timers); // one handle is still out: no close to wait for
    await vi.advanceTimersByTimeAsync(RELEASE_GRACE_MS * 2);
    expect(docs.get('p1')).toBe(first);

    docs.release(second);
    await vi.advanceTimersByTimeAsync(RELEASE_GRACE_MS - 1);
    expect(docs.get('p1')).toBe(first);
    await vi.advanceTimersByTimeAsync(1);
    expect(docs.get('p1')).toBeUndefined();
    expect(events).toEqual(['loaded p1', 'edit p1', 'closing p1', 'closed p1 0']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps the same doc when it is opened again during the grace, and counts the grace from the last release', async () => {
    const { docs } = setup();
    const entry = docs.retain('p1');
    docs.release(entry);
    await vi.advanceTimersByTimeAsync(RELEASE_GRACE_MS - 1_000);
    expect(docs.retain('p1')).toBe(entry); // switching back is instant
    await vi.advanceTimersByTimeAsync(500);
    docs.release(entry);
    await vi.advanceTimersByTimeAsync(RELEASE_GRACE_MS - 1);
    expect(docs.get('p1')).toBe(entry);
    await vi.advanceTimersByTimeAsync(1);
    expect(docs.get('p1')).toBeUndefined();
  });

  it('reads a closed doc back from the device when it is opened again', async () => {
    const { docs } = setup();
    const entry = docs.retain('p1');
    await entry.loaded;
    write(entry.doc, 'kept on the device');
    await docs.close(entry);
    const again = docs.retain('p1');
    await again.loaded;
    expect(again).not.toBe(entry);
    expect(again.doc.getText('body').toString()).toBe('kept on the device');
  });

  it('leaves a released doc open while a background job still uses it', async () => {
    let busy = true;
    const { docs } = setup(new MemoryPersistence(), () => !busy);
    const entry = docs.retain('p1');
    docs.release(entry);
    await vi.advanceTimersByTimeAsync(RELEASE_GRACE_MS);
    expect(docs.get('p1')).toBe(entry);
    busy = false;
    docs.release(entry); // a second release changes nothing: the count never goes below zero
    expect(entry.refs).toBe(0);
  });

  it('announces a doc as loaded only once its stored updates are applied, and never one closed before that', async () => {
    const persistence = new SlowPersistence();
    const { docs, events } = setup(persistence);
    const kept = docs.obtain('kept', true);
    const dropped = docs.obtain('dropped', true);
    await docs.close(dropped);
    expect(events).toEqual(['closing dropped', 'closed dropped 0']);
    persistence.finishLoads();
    await kept.loaded;
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual(['closing dropped', 'closed dropped 0', 'loaded kept']);
  });
});
