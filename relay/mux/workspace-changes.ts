/**
 * [R43][R44] Which multiplexed sockets belong to which workspace, so a stored
 * update reaches every device of its workspace, whatever rooms they have loaded.
 * The store tells of changes made here and, scaled out, of those other instances
 * announce for the workspaces this instance watches: one while it holds a socket
 * of the workspace.
 */
import type { ChangeLog } from '../storage/changes';

export interface ChangeSubscriber {
  docChanged(docId: string): void;
}

export class WorkspaceChanges {
  private readonly sockets = new Map<string, Set<ChangeSubscriber>>();
  private count = 0;

  constructor(readonly changes: ChangeLog) {
    changes.onChange((workspaceId, docId) => {
      const subscribers = this.sockets.get(workspaceId);
      if (subscribers) for (const subscriber of subscribers) subscriber.docChanged(docId);
    });
  }

  /** Multiplexed sockets open on this instance. */
  get size(): number {
    return this.count;
  }

  add(workspaceId: string, subscriber: ChangeSubscriber): void {
    let subscribers = this.sockets.get(workspaceId);
    if (!subscribers) {
      subscribers = new Set();
      this.sockets.set(workspaceId, subscribers);
      this.changes.watchWorkspace?.(workspaceId);
    }
    if (subscribers.has(subscriber)) return;
    subscribers.add(subscriber);
    this.count += 1;
  }

  remove(workspaceId: string, subscriber: ChangeSubscriber): void {
    const subscribers = this.sockets.get(workspaceId);
    if (!subscribers?.delete(subscriber)) return;
    this.count -= 1;
    if (subscribers.size > 0) return;
    this.sockets.delete(workspaceId);
    this.changes.unwatchWorkspace?.(workspaceId);
  }
}
