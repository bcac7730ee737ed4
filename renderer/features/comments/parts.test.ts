import { Schema } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import { contentOf, partsOf } from './parts';
import { formatWhen } from '../../shared/when';

const schema = new Schema({
  nodes: {
    doc: { content: 'paragraph+' },
    paragraph: { content: 'inline*' },
    text: { group: 'inline' },
    mention: { group: 'inline', inline: true, atom: true, attrs: { id: {}, label: { default: null } } },
  },
});

describe('a comment box to comment parts and back', () => {
  it('keeps text, mentions and line breaks, and trims blank lines around the message', () => {
    const parts = [{ text: 'Ask ' }, { mention: 'm1' }, { text: ' about it.\nThen decide.' }];
    const doc = schema.nodeFromJSON(contentOf(parts, () => 'Ana'));
    expect(partsOf(doc)).toEqual(parts);
    const padded = schema.nodeFromJSON(contentOf([{ text: '\n  hello  \n' }], () => ''));
    expect(partsOf(padded)).toEqual([{ text: 'hello' }]);
  });

  it('reads an empty box as nothing to post', () => {
    expect(partsOf(schema.nodeFromJSON(contentOf([], () => '')))).toEqual([]);
  });
});

describe('when a message was written', () => {
  const now = Date.UTC(2026, 10, 30, 12);
  it('says it as people do', () => {
    expect(formatWhen(now - 10_000, now)).toBe('just now');
    expect(formatWhen(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatWhen(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatWhen(now - 30 * 3_600_000, now)).toBe('yesterday');
    expect(formatWhen(Date.UTC(2026, 2, 4, 12), now, 'en-US')).toBe('Mar 4');
  });
});
