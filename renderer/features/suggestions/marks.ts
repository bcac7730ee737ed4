import { Mark } from '@tiptap/core';
import type { MarkSpec } from '@tiptap/pm/model';
import { deletion, insertion, modification } from '@handlewithcare/prosemirror-suggest-changes';

/**
 * The library's three suggestion marks as TipTap marks, in every page editor's schema (also for
 * viewers and with suggesting off), so other people's suggestions always render. Ids are strings
 * (shared/model newId), stored by y-tiptap as text attributes `insertion: { id }` and so on.
 */
function suggestionMark(name: 'insertion' | 'deletion' | 'modification', spec: MarkSpec, tag: string) {
  return Mark.create({
    name,
    inclusive: false,
    excludes: spec.excludes,
    addAttributes: () =>
      name === 'modification'
        ? { id: { default: null }, type: { default: 'attr' }, attrName: { default: null }, previousValue: { default: null }, newValue: { default: null } }
        : { id: { default: null } },
    parseHTML: () => spec.parseDOM ?? [],
    renderHTML: ({ mark }) => [tag, { 'data-suggestion': name, 'data-id': String(mark.attrs.id as string) }, 0],
  });
}

export const suggestionMarks = [
  suggestionMark('insertion', insertion, 'ins'),
  suggestionMark('deletion', deletion, 'del'),
  suggestionMark('modification', modification, 'span'),
];
