import * as Y from 'yjs';
import { flattenTree, getMeta, listPages, pageTree, workspaceMarkdown } from '../../../shared/model';
import type { WorkspaceSync } from '../../../shared/sync';

/**
 * The workspace as one Markdown file, from what this device holds. Each page
 * is opened through the sync engine (so a page on screen is shared, not read
 * twice), copied, and released at once: a large workspace never keeps every
 * page open, and a device whose access was removed still exports its copy.
 */
export async function buildWorkspaceMarkdown(sync: WorkspaceSync): Promise<{ fileName: string; markdown: string }> {
  const index = sync.index;
  const copies = new Map<string, Y.Doc>();
  for (const node of flattenTree(pageTree(listPages(index)))) {
    const handle = await sync.openDoc(node.page.id);
    try {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(handle.doc));
      copies.set(node.page.id, copy);
    } finally {
      handle.release();
    }
  }
  try {
    return { fileName: markdownFileName(getMeta(index)?.name ?? ''), markdown: workspaceMarkdown(index, (id) => copies.get(id)) };
  } finally {
    for (const copy of copies.values()) copy.destroy();
  }
}

/** `<workspace name>.md`, without the characters a file system refuses. */
export function markdownFileName(workspaceName: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = workspaceName.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  return `${safe || 'Workspace'}.md`;
}

/** Hands a file to the browser's (or Electron's) download, as a link with `download` would. */
export function downloadText(fileName: string, text: string, type = 'text/markdown;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the click; the URL only has to outlive it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
