import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { renamePage, type PageNode } from '../../../shared/model';
import { TrashIcon } from '../../shared/icons';
import { useWorkspace } from '../../shared/workspace';

interface Props {
  node: PageNode;
  title: string;
  current: boolean;
  expanded: boolean;
  renaming: boolean;
  /** Where the row is among every row of the tree as shown (1-based), and how many there are: only those near the view are drawn. */
  position: number;
  count: number;
  onOpen(): void;
  onToggle(): void;
  onAddChild(): void;
  onDelete(): void;
  onStartRename(): void;
  onRenameDone(): void;
  onKeyDown(event: KeyboardEvent): void;
}

export function PageRow({ node, title, current, expanded, renaming, position, count, onOpen, onToggle, onAddChild, onDelete, onStartRename, onRenameDone, onKeyDown }: Props) {
  const { index, readOnly } = useWorkspace();
  const [draft, setDraft] = useState(node.page.title);
  const hasChildren = node.children.length > 0;
  const titleBefore = useRef(node.page.title);
  useEffect(() => {
    if (!renaming) return;
    titleBefore.current = node.page.title;
    setDraft(node.page.title);
    // Only when renaming starts; later title changes come from this field.
  }, [renaming]);
  return (
    <li className={`page-row${current ? ' current' : ''}`} data-page-id={node.page.id} data-row-key={node.page.id} aria-setsize={count} aria-posinset={position} style={{ paddingLeft: `${node.depth * 14 + 4}px` }}>
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
          onChange={(event) => {
            // Saved as typed, so a rename is never lost if the row goes away mid-edit.
            setDraft(event.target.value);
            renamePage(index, node.page.id, event.target.value);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') onRenameDone();
            else if (event.key === 'Escape') {
              renamePage(index, node.page.id, titleBefore.current);
              onRenameDone();
            }
          }}
          onBlur={onRenameDone}
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
