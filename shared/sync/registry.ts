/**
 * What the device remembers about docs it does not hold open: how many local
 * changes each still has to hand to the relay, how far it has caught up with
 * the relay (the catch-up cursor of the one-socket transport; the page
 * versions of the per-doc one) and when each doc last changed on this device.
 * Stored beside the index doc, so a reload while offline still knows what is
 * pending.
 */
export interface RegistryData {
  /** docId → unconfirmed local transactions. */
  pending: Record<string, number>;
  /** docId → the page's `updatedAt` when this device last synced it (per-doc transport only). */
  synced: Record<string, number>;
  lastSyncedAt: number | null;
  /** The relay's catch-up cursor this device reached: every doc stored to up to it is held here (0: none). */
  cursor: number;
  /** The relay `cursor` belongs to: a cursor means nothing to another relay. */
  cursorRelay: string | null;
  /**
   * docId → when the doc last changed on this device (a local edit, or what the relay sent), as a
   * number that only moves forward: local indexes note it when they read a doc, and read it again
   * once it moved (shared/tasks/taskIndex.ts).
   */
  versions: Record<string, number>;
  /**
   * Docs the relay may not hold at all, though nothing of theirs is counted pending: changed while
   * the workspace had no relay, or held before it moved to another relay. Opened asking the relay
   * what it lacks, and counted as one pending change until it confirmed the answer.
   */
  unshared: Record<string, number>;
}

export const REGISTRY_KEY = 'baton:sync-registry';

export function emptyRegistry(): RegistryData {
  return { pending: {}, synced: {}, lastSyncedAt: null, cursor: 0, cursorRelay: null, versions: {}, unshared: {} };
}

export function parseRegistry(value: unknown): RegistryData {
  if (typeof value !== 'object' || value === null) return emptyRegistry();
  const data = value as Partial<RegistryData>;
  return {
    pending: numbers(data.pending),
    synced: numbers(data.synced),
    lastSyncedAt: typeof data.lastSyncedAt === 'number' ? data.lastSyncedAt : null,
    cursor: typeof data.cursor === 'number' && Number.isSafeInteger(data.cursor) && data.cursor >= 0 ? data.cursor : 0,
    cursorRelay: typeof data.cursorRelay === 'string' ? data.cursorRelay : null,
    versions: numbers(data.versions),
    unshared: numbers(data.unshared),
  };
}

function numbers(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, entry] of Object.entries(value)) if (typeof entry === 'number') out[key] = entry;
  return out;
}

export function totalPending(registry: RegistryData): number {
  let total = 0;
  for (const count of Object.values(registry.pending)) total += count;
  return total;
}

/** Saving waits this long, so a burst of changes is one write. */
export const REGISTRY_SAVE_DELAY_MS = 300;

interface MetaStore {
  getMeta(key: string): Promise<unknown>;
  setMeta(key: string, value: unknown): Promise<void>;
}

/** The registry of one workspace, read from and saved beside its index doc. */
export class RegistryStore {
  data: RegistryData = emptyRegistry();
  /** Until the stored registry is read, saving would overwrite it with an empty one. */
  private loaded = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(
    private readonly store: MetaStore,
    private readonly delayMs = REGISTRY_SAVE_DELAY_MS,
  ) {}

  async load(): Promise<void> {
    this.data = parseRegistry(await this.store.getMeta(REGISTRY_KEY));
    this.loaded = true;
  }

  pending(docId: string): number {
    return this.data.pending[docId] ?? 0;
  }

  setPending(docId: string, pending: number): void {
    if (this.pending(docId) === pending) return;
    if (pending === 0) delete this.data.pending[docId];
    else this.data.pending[docId] = pending;
    this.scheduleSave();
  }

  /** This device holds the page at `version` (its `updatedAt`). */
  markSynced(docId: string, version: number): void {
    if (this.data.synced[docId] === version) return;
    this.data.synced[docId] = version;
    this.scheduleSave();
  }

  /** Another relay or token: what was synced with the old one proves nothing about the new one. */
  forgetSynced(): void {
    this.data.synced = {};
    this.data.cursor = 0;
    this.data.cursorRelay = null;
    this.scheduleSave();
  }

  /** The catch-up cursor reached with `relay` (0 for any other relay). */
  cursorFor(relay: string): number {
    return this.data.cursorRelay === relay ? this.data.cursor : 0;
  }

  setCursor(relay: string, cursor: number): void {
    if (this.data.cursorRelay === relay && this.data.cursor === cursor) return;
    this.data.cursor = cursor;
    this.data.cursorRelay = relay;
    this.scheduleSave();
  }

  isUnshared(docId: string): boolean {
    return docId in this.data.unshared;
  }

  /** The relay may lack this doc entirely (see `unshared`). */
  markUnshared(docId: string): void {
    if (this.isUnshared(docId)) return;
    this.data.unshared[docId] = 1;
    this.scheduleSave();
  }

  /** The relay confirmed it holds everything this device had of the doc. */
  markShared(docId: string): void {
    if (!this.isUnshared(docId)) return;
    delete this.data.unshared[docId];
    this.scheduleSave();
  }

  version(docId: string): number {
    return this.data.versions[docId] ?? 0;
  }

  /** The doc changed on this device: its version moves (forward, whatever the clock does). */
  bumpVersion(docId: string, now = Date.now()): void {
    this.data.versions[docId] = Math.max(now, this.version(docId) + 1);
    this.scheduleSave();
  }

  setLastSyncedAt(at: number | null): void {
    if (this.data.lastSyncedAt === at) return;
    this.data.lastSyncedAt = at;
    this.scheduleSave();
  }

  async save(): Promise<void> {
    this.clearTimer();
    if (!this.loaded) return;
    await this.store.setMeta(REGISTRY_KEY, this.data);
  }

  /** No more saves (the store is closing); save() first to keep the latest. */
  dispose(): void {
    this.disposed = true;
    this.clearTimer();
  }

  private scheduleSave(): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => void this.save(), this.delayMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
