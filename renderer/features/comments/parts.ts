import type { JSONContent } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import type { CommentPart } from '../../../shared/model';

/** A composer's text as comment parts: text, and a mention part for each @member chip; lines joined by '\n'. */
export function partsOf(doc: PmNode): CommentPart[] {
  const parts: CommentPart[] = [];
  let text = '';
  const flush = () => {
    if (text) parts.push({ text });
    text = '';
  };
  doc.forEach((block, _offset, index) => {
    if (index > 0) text += '\n';
    block.descendants((node) => {
      if (node.isText) text += node.text ?? '';
      else if (node.type.name === 'hardBreak') text += '\n';
      else if (node.type.name === 'mention' && typeof node.attrs.id === 'string') {
        flush();
        parts.push({ mention: node.attrs.id });
      }
      return true;
    });
  });
  flush();
  // Blank lines around the message are not part of it.
  const first = parts[0];
  if (first && 'text' in first) first.text = first.text.replace(/^\s+/, '');
  const last = parts[parts.length - 1];
  if (last && 'text' in last) last.text = last.text.replace(/\s+$/, '');
  return parts.filter((part) => !('text' in part) || part.text.length > 0);
}

/** Comment parts back into composer content (to edit a message). */
export function contentOf(parts: readonly CommentPart[], nameOf: (memberId: string) => string): JSONContent {
  const paragraphs: JSONContent[] = [{ type: 'paragraph', content: [] }];
  for (const part of parts) {
    if ('mention' in part) {
      paragraphs[paragraphs.length - 1]!.content!.push({ type: 'mention', attrs: { id: part.mention, label: nameOf(part.mention) } });
      continue;
    }
    part.text.split('\n').forEach((line, index) => {
      if (index > 0) paragraphs.push({ type: 'paragraph', content: [] });
      if (line) paragraphs[paragraphs.length - 1]!.content!.push({ type: 'text', text: line });
    });
  }
  return { type: 'doc', content: paragraphs };
}
