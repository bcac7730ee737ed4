import type { AnyExtension, Editor } from '@tiptap/core';
import type { ComponentType } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { Profile } from './device';

/** What a page's editor is bound to, for the features that extend it. */
export interface PageEditorContext {
  pageId: string;
  /** The page doc: `content` is the text, beside it the maps features keep (comments, suggestions…). */
  doc: Y.Doc;
  fragment: Y.XmlFragment;
  awareness: Awareness;
  /** The workspace's index doc (members, for names and colours). */
  index: Y.Doc;
  profile: Profile;
  readOnly: boolean;
  /** The page's Review panel: open it (e.g. to show a new thread) or close it. */
  review: ReviewPanel;
  /** A short notification that needs no answer (e.g. why Comment did nothing). */
  notify(message: string): void;
}

export interface ReviewPanel {
  open: boolean;
  setOpen(open: boolean): void;
}

export interface EditorFeatureProps {
  editor: Editor;
  context: PageEditorContext;
}

/**
 * A feature that extends the page editor: it adds TipTap extensions, buttons at the end of the
 * formatting toolbar, and a section of the Review panel beside the text. The shell lists the
 * features (renderer/app/registry.ts); the editor takes them from the workspace context, so a new
 * feature never edits the editor's own list.
 */
export interface EditorFeature {
  id: string;
  /** Called once per editor; `context.current` is always the latest (profile, read-only may change). */
  extensions?(context: { readonly current: PageEditorContext }): AnyExtension[];
  /** Shown only to people who may edit. */
  ToolbarItems?: ComponentType<EditorFeatureProps>;
  /** Shown to everyone, viewers included, while the Review panel is open. */
  ReviewSection?: ComponentType<EditorFeatureProps>;
  /** Mounted for as long as the page is open, panel or not (e.g. to keep automatic versions); shows nothing. */
  Companion?: ComponentType<EditorFeatureProps>;
}
