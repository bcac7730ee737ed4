import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendParagraph, fragmentText, pageContent, typeText } from './content';
import { syncDocs } from './testing';

describe('appendParagraph', () => {
  it('adds paragraphs in order', () => {
    const doc = new Y.Doc();
    appendParagraph(doc, 'Hello');
    const body = appendParagraph(doc, 'World');
    expect(body).toBeInstanceOf(Y.XmlText);
    expect(fragmentText(pageContent(doc))).toBe('Hello\nWorld');
    expect(pageContent(doc).toString()).toBe('<paragraph>Hello</paragraph><paragraph>World</paragraph>');
  });
});

describe('typeText', () => {
  it('creates a paragraph on an empty page', () => {
    const doc = new Y.Doc();
    typeText(doc, 3, 10, 'Hi');
    expect(fragmentText(pageContent(doc))).toBe('Hi');
  });

  it('inserts at a clamped paragraph and offset', () => {
    const doc = new Y.Doc();
    appendParagraph(doc, 'ace');
    appendParagraph(doc, 'xz');
    typeText(doc, 0, 1, 'b');
    typeText(doc, 0, 3, 'd');
    typeText(doc, 1, 1, 'y');
    typeText(doc, 9, 99, '!');
    typeText(doc, -4, -4, '>');
    expect(fragmentText(pageContent(doc))).toBe('>abcde\nxyz!');
  });

  it('fills a paragraph that has no text node yet', () => {
    const doc = new Y.Doc();
    doc.transact(() => pageContent(doc).push([new Y.XmlElement('paragraph')]));
    typeText(doc, 0, 0, 'text');
    expect(fragmentText(pageContent(doc))).toBe('text');
  });

  it('merges concurrent typing in one paragraph without losing characters', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    appendParagraph(a, 'middle');
    syncDocs(a, b);
    typeText(a, 0, 0, 'start ');
    typeText(b, 0, 6, ' end');
    syncDocs(a, b);
    expect(fragmentText(pageContent(a))).toBe('start middle end');
    expect(pageContent(b).toString()).toBe(pageContent(a).toString());
  });
});

describe('fragmentText', () => {
  it('reads nested elements and drops formatting marks', () => {
    const doc = new Y.Doc();
    const content = pageContent(doc);
    doc.transact(() => {
      const list = new Y.XmlElement('bulletList');
      const item = new Y.XmlElement('listItem');
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      item.insert(0, [paragraph]);
      list.insert(0, [item]);
      content.push([list]);
      text.insert(0, 'bold', { bold: true });
      text.insert(4, ' plain');
    });
    expect(fragmentText(content)).toBe('bold plain');
  });
});
