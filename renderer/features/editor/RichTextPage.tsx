import { pageContent } from '../../../shared/model';
import type { DocHandle } from '../../../shared/sync';
import { useWorkspace, type PageKindView } from '../../shared/workspace';
import { RichTextEditor } from './RichTextEditor';

function RichTextPage({ handle }: { handle: DocHandle }) {
  const { readOnly } = useWorkspace();
  return <RichTextEditor fragment={pageContent(handle.doc)} awareness={handle.awareness} label="Page content" readOnly={readOnly} />;
}

/** A page of rich text: the editor bound to the page doc's content. */
export const richTextPage: PageKindView = { kind: 'doc', Body: RichTextPage };
