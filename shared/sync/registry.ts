/**
 * What the device remembers about docs it does not hold open: how many local
 * changes each still has to hand to the relay, and which version of each page
 * it last synced. Stored beside the index doc, so a reload while offline
 * still knows what is pending.
 */
export interface RegistryData {
  /** docId → unconfirmed local transactions. */
  pending: Record<string, number>;
  /** docId → the page's `updatedAt` when this device last synced it. */
  synced: Record<string, number>;
  lastSyncedAt: number | null;
}

export const REGISTRY_KEY = 'baton:sync-registry';

export function emptyRegistry(): RegistryData {
  return { pending: {}, synced: {}, lastSyncedAt: null };
}

export function parseRegistry(value: unknown): RegistryData {
  if (typeof value !== 'object' || value === null) return emptyRegistry();
  const data = value as Partial<RegistryData>;
  return {
    pending: numbers(data.pending),
    synced: numbers(data.synced),
    lastSyncedAt: typeof data.lastSyncedAt === 'number' ? data.lastSyncedAt : null,
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
