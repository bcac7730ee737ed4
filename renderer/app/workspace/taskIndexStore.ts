/**
 * Where the device keeps each workspace's task index: IndexedDB (it was localStorage, which every
 * page load reads whole before any script may use it: at 10,000 tasks that was 5.7 MB and ~140 ms
 * of every start).
 */
import { savedValues } from './savedValues';

const store = savedValues('baton-task-index', 'indexes');

let early: { workspaceId: string; read: Promise<string | null> } | null = null;

/**
 * Starts reading the saved index while the workspace's docs load, so it is there when the
 * workspace is (the next readSavedIndex for the same workspace takes it). At 10,000 tasks the
 * read is ~3 MB, done by the browser off the main thread meanwhile.
 */
export function readSavedIndexEarly(workspaceId: string): void {
  early = { workspaceId, read: store.read(workspaceId) };
}

/** The index this device last wrote for `workspaceId`, or null (none, or storage unavailable: it is rebuilt). */
export function readSavedIndex(workspaceId: string): Promise<string | null> {
  const started = early?.workspaceId === workspaceId ? early.read : null;
  early = null;
  return started ?? store.read(workspaceId);
}

export function writeSavedIndex(workspaceId: string, serialized: string): Promise<void> {
  return store.write(workspaceId, serialized);
}
