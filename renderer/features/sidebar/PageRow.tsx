import { useEffect, useState, type KeyboardEvent } from 'react';
import type * as Y from 'yjs';
import { renamePage, type PageNode } from '../../../shared/model';
import { TrashIcon } from '../icons';

interface Props {
  node: PageNode;
  title: string;
  current: boolean;
  expanded: boolean;
  renaming: boolean;
  readOnly: boolean;
  index: Y.Doc;
  onOpen(): void;
  onToggle(): void;
  onAddChild(): void;
  onDelete(): void;
  onStartRename(): void;
  onRenameDone(): void;
  onKeyDown(event: KeyboardEvent): void;
}

export function PageRow({ node, title, current, expanded, renaming, readOnly, index, onOpen, onToggle, onAddChild, onDelete, onStartRename, onRenameDone, onKeyDown }: Props) {
  const [draft, setDraft] = useState(node.page.title);
  const hasChildren = node.children.length > 0;
  useEffect(() => {
    if (renaming) setDraft(node.page.title);
  }, [renaming, node.page.title]);
  return (
    <li className={`page-row${current ? ' current' : ''}`} data-page-id={node.page.id} style={{ paddingLeft: `${node.depth * 14 + 4}px` }}>
      {hasChildren ? (
        <button type="button" className="ghost twisty" aria-expanded={expanded} aria-label={`${expanded ? 'Collapse' : 'Expand'} ${title}`} onClick={onToggle}>
          {expanded ? '▾' : '▸'}
        </button>
      ) : (
        <span className="twisty" aria-hidden="true" />
      )}
      {renaming ? (
        <input
          className="rename"
          aria-label={`Rename ${title}`}
          autoFocus
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              renamePage(index, node.page.id, draft);
              onRenameDone();
            } else if (event.key === 'Escape') onRenameDone();
          }}
          onBlur={() => {
            renamePage(index, node.page.id, draft);
            onRenameDone();
          }}
        />
      ) : (
        <button
          type="button"
          className="page-link"
          aria-current={current ? 'page' : undefined}
          onClick={onOpen}
          onDoubleClick={readOnly ? undefined : onStartRename}
          onKeyDown={onKeyDown}
        >
          <span aria-hidden="true" className="kind">
            {node.page.kind === 'tasks' ? '☑' : '▤'}
          </span>
          {title}
        </button>
      )}
      {!readOnly && (
        <span className="row-actions">
          <button type="button" className="ghost" aria-label={`Add subpage to ${title}`} onClick={onAddChild}>
            +
          </button>
          <button type="button" className="ghost" aria-label={`Delete ${title}`} onClick={onDelete}>
            <TrashIcon />
          </button>
        </span>
      )}
    </li>
  );
}
