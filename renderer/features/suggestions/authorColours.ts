import type { Node } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { getMember } from '../../../shared/model';
import { suggestionInfo } from '../../../shared/model/suggestions';
import type { PageEditorContext } from '../../shared/editorFeatures';
import { inkOnOwnTint } from '../../shared/contrast';
import { touchedRanges } from './claim';

const PAGE_BACKGROUND = '#fbfaf8';

export const coloursKey = new PluginKey<DecorationSet>('suggestion-colours');
/** Meta that asks for the colours again (a record or a member arrived). */
export const RECOLOUR = 'recolour';

function decorations(doc: Node, context: PageEditorContext, from = 0, to = doc.content.size): Decoration[] {
  const decorations: Decoration[] = [];
  const cache = new Map<string, { color: string; name: string } | null>();
  const authorOf = (id: string) => {
    if (!cache.has(id)) {
      const info = suggestionInfo(context.doc, id);
      const member = info ? getMember(context.index, info.author) : null;
      // The darker shade that carries white text also reads as text on white (renderer/shared/contrast.ts).
      // Text in the author's colour on a 9% tint of that text colour (suggestions.css) must still read at 4.5:1.
      cache.set(id, member ? { color: inkOnOwnTint(member.color, PAGE_BACKGROUND, 0.09), name: member.name } : null);
    }
    return cache.get(id) ?? null;
  };
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isInline) return true;
    for (const mark of node.marks) {
      if (mark.type.name !== 'insertion' && mark.type.name !== 'deletion') continue;
      const author = authorOf(String(mark.attrs.id as string));
      if (!author) continue;
      decorations.push(Decoration.inline(pos, pos + node.nodeSize, { class: 'suggestion-paint', style: `--suggestion-colour: ${author.color}`, title: `${author.name} suggests ${mark.type.name === 'insertion' ? 'adding' : 'deleting'} this` }));
    }
    return false;
  });
  return decorations;
}

/** Typing here redraws only the blocks it touched; remote changes and new records redraw all. */
function update(tr: Transaction, previous: DecorationSet, doc: Node, context: PageEditorContext): DecorationSet {
  const remote = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
  if (remote || tr.getMeta(coloursKey) === RECOLOUR) return DecorationSet.create(doc, decorations(doc, context));
  if (!tr.docChanged) return previous;
  let set = previous.map(tr.mapping, doc);
  for (const range of touchedRanges(tr)) {
    const from = doc.resolve(range.from).start();
    const to = doc.resolve(range.to).end();
    set = set.remove(set.find(from, to)).add(doc, decorations(doc, context, from, to));
  }
  return set;
}

/** Paints each suggestion in its author's member colour. */
export function authorColours(context: { readonly current: PageEditorContext }): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: coloursKey,
    state: {
      init: (_config, state: EditorState) => DecorationSet.create(state.doc, decorations(state.doc, context.current)),
      apply: (tr, previous, _old, state) => update(tr, previous, state.doc, context.current),
    },
    props: { decorations: (state) => coloursKey.getState(state) ?? null },
  });
}
