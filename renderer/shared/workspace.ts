import { createContext, useContext, type ComponentType } from 'react';
import type * as Y from 'yjs';
import type { PageKind } from '../../shared/model';
import type { DocHandle, WorkspaceSync } from '../../shared/sync';
import type { Inbox } from '../../shared/inbox';
import type { TaskIndex } from '../../shared/tasks';
import type { Profile, WorkspaceRef } from './device';
import type { EditorFeature } from './editorFeatures';
import type { UndoStack } from './undo';

/** One way to show a page's doc: a task list as a list or as a board. */
export interface PageViewOption {
  /** Stable, stored as the person's choice for the page (e.g. 'list', 'board'). */
  id: string;
  /** The view's tab, when its kind has more than one. */
  label: string;
  /** A view split out of the first script offers preload() and isLoaded() (renderer/shared/preloadable.tsx). */
  Body: ComponentType<{ handle: DocHandle }> & { preload?(): Promise<unknown>; isLoaded?(): boolean };
}

/**
 * How one kind of page shows its doc: its views, the first the default. Each kind's feature
 * offers one and the shell lists them (renderer/app/registry.ts); the page shows a tab per view.
 */
export interface PageKindView {
  kind: PageKind;
  views: readonly [PageViewOption, ...PageViewOption[]];
}

/**
 * Everything a feature needs to know about the workspace on screen. The shell
 * (renderer/app/workspace/WorkspaceProvider.tsx) provides it once; features
 * read it with useWorkspace() wherever they are, instead of receiving the
 * engine, the profile and the read-only state through every layer.
 */
export interface Workspace {
  /** This workspace as the device records it (id, name, relay). */
  ref: WorkspaceRef;
  /** The workspace's sync engine: the index doc, page docs opened on demand, sync state. */
  sync: WorkspaceSync;
  /** The index doc (members, page tree, labels): the same as sync.index, always loaded. */
  index: Y.Doc;
  /** Every task of the workspace as this device last read its lists (shared/tasks/taskIndex.ts), for views across lists. */
  tasks: TaskIndex;
  /** What others did since this person last looked (shared/inbox/inbox.ts), kept by the shell from the sync engine's events. */
  inbox: Inbox;
  profile: Profile;
  /** This device may read but not write (a viewer's invite, or the relay said so). */
  readOnly: boolean;
  /** Every workspace on this device, to switch between them. */
  workspaces: readonly WorkspaceRef[];
  switchWorkspace(workspaceId: string): void;
  /** The page on screen, and how to open another (null: none). */
  currentPageId: string | null;
  openPage(pageId: string | null): void;
  /** The one undo of the workspace; push what a person may want back. */
  undo: UndoStack;
  /** A short notification that needs no answer (e.g. why a move was refused). */
  notify(message: string): void;
  /** The views of each page kind, looked up by kind. */
  pageKinds: ReadonlyMap<PageKind, PageKindView>;
  /** What extends the page editor (review, suggestions, history), in toolbar and panel order: loaded with the editor, the same promise on every call. */
  loadEditorFeatures(): Promise<readonly EditorFeature[]>;
}

export const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error('useWorkspace() is used outside a workspace: render it inside WorkspaceProvider');
  return workspace;
}
