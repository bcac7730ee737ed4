import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { commentMap, listThreads, resolveAnchor } from '../../../shared/model';
import type { PageEditorContext } from '../../shared/editorFeatures';
import { anchorForSelection, anchoredOnLiveText, rangeOfAnchor } from './anchors';
import { CommentsUi } from './ui';

export interface ThreadRange {
  id: string;
  from: number;
  to: number;
}

interface HighlightState {
  ranges: ThreadRange[];
  decorations: DecorationSet;
}

export const commentsKey = new PluginKey<HighlightState>('baton-comments');
const REFRESH = 'refresh';

declare module '@tiptap/core' {
  interface Storage {
    comments: { ui: CommentsUi };
  }
}

function decorate(state: EditorState, ranges: ThreadRange[], ui: CommentsUi): DecorationSet {
  const decorations = ranges.map(({ id, from, to }) =>
    Decoration.inline(from, to, { class: id === ui.active ? 'comment-mark active' : 'comment-mark', 'data-thread': id }, { thread: id }),
  );
  if (ui.draft) {
    const { from, to } = ui.draft;
    if (from < to && to <= state.doc.content.size) decorations.push(Decoration.inline(from, to, { class: 'comment-mark draft' }));
  }
  return DecorationSet.create(state.doc, decorations);
}

/** Every open thread's range, read from the anchors in the page doc (only when something other than local typing changed). */
function locate(state: EditorState, context: PageEditorContext): ThreadRange[] {
  const ranges: ThreadRange[] = [];
  for (const thread of listThreads(context.doc)) {
    if (thread.resolved) continue;
    // While its first and last characters are in the text, they are its ends. Otherwise the model finds the
    // surviving ends (also when the paragraph it started in is gone), a walk over the whole page per thread.
    const anchor = anchoredOnLiveText(context.doc, thread.start, thread.end) ? { state: 'live' as const, ...thread } : resolveAnchor(context.doc, thread);
    if (anchor.state === 'deleted') continue;
    const range = rangeOfAnchor(state, anchor.start, anchor.end);
    if (range) ranges.push({ id: thread.id, ...range });
  }
  return ranges.sort((a, b) => a.from - b.from || b.to - a.to);
}

function mapRanges(ranges: ThreadRange[], tr: Transaction): ThreadRange[] {
  const mapped: ThreadRange[] = [];
  for (const range of ranges) {
    const from = tr.mapping.map(range.from, 1);
    const to = tr.mapping.map(range.to, -1);
    if (from < to) mapped.push({ id: range.id, from, to });
  }
  return mapped;
}

/** The open threads' ranges in the text, in document order. */
export function threadRanges(state: EditorState): ThreadRange[] {
  return commentsKey.getState(state)?.ranges ?? [];
}

/** Selects a thread's text and scrolls it into view. */
export function revealThread(view: EditorView, threadId: string): void {
  const range = threadRanges(view.state).find((item) => item.id === threadId);
  if (!range) return;
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, range.from, range.to)).scrollIntoView());
}

/** Starts a comment on the selection: the Review panel opens on a new comment box. */
export function startComment(view: EditorView, ui: CommentsUi, context: PageEditorContext): boolean {
  if (context.readOnly) return false;
  const { from, to } = view.state.selection;
  const anchor = anchorForSelection(view.state, from, to);
  if (!anchor) {
    context.notify('Select the text you want to comment on, then press Comment.');
    return true;
  }
  const quote = view.state.doc.textBetween(from, to, ' ', ' ').slice(0, 500);
  ui.update({ draft: { ...anchor, quote, from, to }, active: null });
  context.review.setOpen(true);
  view.dispatch(view.state.tr.setMeta(commentsKey, REFRESH));
  return true;
}

/** Moves to the next (or previous) thread after the caret, selecting its text. */
function stepThread(view: EditorView, ui: CommentsUi, context: PageEditorContext, direction: 1 | -1): boolean {
  const ranges = threadRanges(view.state);
  if (ranges.length === 0) return false;
  const { from: caret, to: caretEnd } = view.state.selection;
  // From the thread in focus while the caret is still on it; otherwise from wherever the caret went.
  const index = ranges.findIndex((range) => range.id === ui.active && range.from <= caret && caretEnd <= range.to);
  const next =
    index >= 0
      ? ranges[(index + direction + ranges.length) % ranges.length]
      : direction === 1
        ? (ranges.find((range) => range.from > caret) ?? ranges[0])
        : ([...ranges].reverse().find((range) => range.from < caret) ?? ranges[ranges.length - 1]);
  if (!next) return false;
  ui.update({ active: next.id });
  context.review.setOpen(true);
  revealThread(view, next.id);
  return true;
}

/**
 * Comment highlights in the text. Ranges are located from their Yjs anchors when threads change
 * or a remote change arrives, and mapped through local edits in between, so typing never walks
 * the document once per thread.
 */
export function commentHighlights(context: { readonly current: PageEditorContext }) {
  return Extension.create({
    name: 'comments',
    addStorage() {
      return { ui: new CommentsUi() };
    },
    addKeyboardShortcuts() {
      const ui = () => this.storage.ui;
      return {
        'Mod-Alt-m': () => startComment(this.editor.view, ui(), context.current),
        'Alt-ArrowDown': () => stepThread(this.editor.view, ui(), context.current, 1),
        'Alt-ArrowUp': () => stepThread(this.editor.view, ui(), context.current, -1),
      };
    },
    addProseMirrorPlugins() {
      const ui = this.storage.ui;
      return [
        new Plugin<HighlightState>({
          key: commentsKey,
          state: {
            init: (_config, state) => ({ ranges: [], decorations: DecorationSet.create(state.doc, []) }),
            apply: (tr, previous, _old, state) => {
              const remote = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
              const refresh = tr.getMeta(commentsKey) === REFRESH;
              if (!refresh && !remote && !tr.docChanged) return previous;
              const ranges = refresh || remote ? locate(state, context.current) : mapRanges(previous.ranges, tr);
              if (ui.draft && tr.docChanged) {
                const from = tr.mapping.map(ui.draft.from, 1);
                const to = tr.mapping.map(ui.draft.to, -1);
                ui.draft = { ...ui.draft, from, to };
              }
              // Local typing shifts the highlights as it shifts the ranges (same bias, empty ones dropped):
              // a mapped set, not a new one, so a keystroke neither rebuilds nor re-compares every highlight.
              const decorations = refresh || remote ? decorate(state, ranges, ui) : previous.decorations.map(tr.mapping, tr.doc);
              return { ranges, decorations };
            },
          },
          props: {
            decorations: (state) => commentsKey.getState(state)?.decorations ?? null,
            handleClick: (view, pos) => {
              const hit = threadRanges(view.state)
                .filter((range) => range.from <= pos && pos <= range.to)
                .sort((a, b) => a.to - a.from - (b.to - b.from))[0];
              if (!hit) return false;
              ui.update({ active: hit.id });
              context.current.review.setOpen(true);
              return false;
            },
          },
          view: (view) => {
            const refresh = () => queueMicrotask(() => !view.isDestroyed && view.dispatch(view.state.tr.setMeta(commentsKey, REFRESH)));
            const comments = commentMap(context.current.doc);
            comments.observeDeep(refresh);
            const unsubscribe = ui.subscribe(refresh);
            refresh();
            return {
              destroy: () => {
                comments.unobserveDeep(refresh);
                unsubscribe();
              },
            };
          },
        }),
      ];
    },
  });
}
