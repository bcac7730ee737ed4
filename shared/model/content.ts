import * as Y from 'yjs';
import { Origin, type OriginName } from './origins';
import { PageKey } from './schema';
import { write } from './workspace';

/** The rich-text body of a page (TipTap binds to this fragment). */
export function pageContent(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(PageKey.content);
}

/** Plain text of a fragment, block by block: for search, previews and tests. */
export function fragmentText(fragment: Y.XmlFragment | Y.XmlElement): string {
  const blocks: string[] = [];
  for (const child of fragment.toArray()) {
    if (child instanceof Y.XmlText) blocks.push(child.toString().replace(/<[^>]+>/g, ''));
    else if (child instanceof Y.XmlElement) blocks.push(fragmentText(child));
  }
  return blocks.join('\n');
}

/** Appends a paragraph of plain text; used by imports, seeds and tests. */
export function appendParagraph(doc: Y.Doc, text: string, origin: OriginName = Origin.local): Y.XmlText {
  const paragraph = new Y.XmlElement('paragraph');
  const body = new Y.XmlText();
  write(doc, origin, () => {
    paragraph.insert(0, [body]);
    pageContent(doc).push([paragraph]);
    body.insert(0, text);
  });
  return body;
}

/** Inserts text into the n-th paragraph (clamped) at `offset` (clamped), creating one if the page is empty. */
export function typeText(doc: Y.Doc, paragraphIndex: number, offset: number, text: string): void {
  const content = pageContent(doc);
  const paragraphs = content.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement);
  if (paragraphs.length === 0) {
    appendParagraph(doc, text);
    return;
  }
  const paragraph = paragraphs[Math.min(Math.max(paragraphIndex, 0), paragraphs.length - 1)]!;
  write(doc, Origin.local, () => {
    let body = paragraph.toArray().find((node): node is Y.XmlText => node instanceof Y.XmlText);
    if (!body) {
      body = new Y.XmlText();
      paragraph.insert(0, [body]);
    }
    body.insert(Math.min(Math.max(offset, 0), body.length), text);
  });
}
