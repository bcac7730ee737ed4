import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import { createPage, deletePage, flattenTree, getMeta, listPages, ModelError, movePage, pageTree, restorePage, type PageKind, type PageNode } from '../../../shared/model';
import { Mark, markOnce } from '../../shared/marks';
import { pageTitle } from '../../shared/pageTitle';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';
import { ExportButton } from '../export';
import { MY_WORK_VIEW, useMyWork } from '../mywork';
import { TEAM_VIEW } from '../people';
import { CHECK_INS_VIEW, useCheckIns } from '../checkins';
import { INBOX_VIEW, useInbox } from '../inbox';
import { useShortcuts } from '../shortcuts';
import { useVirtualList } from '../../shared/useVirtualList';
import { VirtualGap } from '../../shared/VirtualGap';
import { PageRow } from './PageRow';

/** The workspace's name (or switcher), its page tree, and the keys that edit the tree. */
export function Sidebar() {
  const { ref, index, profile, readOnly, currentPageId, openPage: onOpen, undo, notify, workspaces, switchWorkspace } = useWorkspace();
  const tree = useDocValue(index, (doc) => pageTree(listPages(doc)));
  const workspaceName = useDocValue(index, (doc) => getMeta(doc)?.name ?? 'Workspace');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [renaming, setRenaming] = useState<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const rows = useMemo(() => flattenTree(tree, (id) => !collapsed.has(id)), [tree, collapsed]);
  // A workspace of a thousand pages draws the rows near the view, not a thousand.
  const rowKeys = useMemo(() => rows.map((row) => row.page.id), [rows]);
  const virtual = useVirtualList({ keys: rowKeys, estimate: 30 });
  const setListRef = useCallback(
    (element: HTMLUListElement | null) => {
      listRef.current = element;
      virtual.listRef(element);
    },
    [virtual.listRef],
  );
  useEffect(() => markOnce(Mark.sidebarPainted), []);

  const create = useCallback(
    (kind: PageKind, parentId: string | null = null) => {
      const id = createPage(index, { kind, parentId, by: profile.memberId });
      if (parentId) setCollapsed((set) => new Set([...set].filter((item) => item !== parentId)));
      onOpen(id);
    },
    [index, profile.memberId, onOpen],
  );

  useShortcuts(readOnly ? {} : { 'mod+alt+n': () => create('doc'), 'mod+alt+t': () => create('tasks') });

  const { reveal } = virtual;
  /**
   * Focuses a page's row: at once when it is drawn, so the next key (↓ pressed again before a frame
   * has passed) acts from there; else once it has been revealed.
   */
  const focusRow = (pageId: string) => {
    const link = () => listRef.current?.querySelector<HTMLElement>(`[data-page-id="${pageId}"] .page-link`);
    link()?.focus();
    if (link() && document.activeElement === link()) return;
    requestAnimationFrame(() => {
      if (!link()) reveal(pageId);
      link()?.focus();
    });
  };

  const remove = (node: PageNode) => {
    // Keep keyboard focus in the list: on the next visible page outside the deleted subtree, else the previous one.
    const position = rows.findIndex((row) => row.page.id === node.page.id);
    const after = rows.slice(position + 1).find((row) => row.depth <= node.depth) ?? rows[position - 1];
    deletePage(index, node.page.id);
    const title = pageTitle(node.page.title, node.page.kind);
    undo.push({ label: `Deleted “${title}”`, undo: () => restorePage(index, node.page.id) });
    if (currentPageId === node.page.id) onOpen(null);
    if (after) focusRow(after.page.id);
  };

  const siblingsOf = (node: PageNode): PageNode[] => {
    const parent = rows.find((row) => row.page.id === node.page.parentId);
    return parent ? parent.children : tree;
  };

  const onRowKey = (event: KeyboardEvent, node: PageNode, position: number) => {
    if (readOnly && (event.key === 'F2' || event.key === 'Delete' || event.altKey)) return;
    const siblings = siblingsOf(node);
    const at = siblings.findIndex((sibling) => sibling.page.id === node.page.id);
    const move = (parentId: string | null, indexAt: number) => {
      try {
        // Drawn in its new place before the focus goes there, so a second Alt+arrow moves it on.
        flushSync(() => movePage(index, node.page.id, parentId, indexAt));
        focusRow(node.page.id);
      } catch (error) {
        if (error instanceof ModelError) notify(error.message);
        else throw error;
      }
    };
    if (event.key === 'F2') setRenaming(node.page.id);
    else if (event.key === 'Delete') remove(node);
    else if (event.altKey && event.key === 'ArrowUp' && at > 0) move(node.page.parentId, at - 1);
    else if (event.altKey && event.key === 'ArrowDown' && at < siblings.length - 1) move(node.page.parentId, at + 1);
    else if (event.altKey && event.key === 'ArrowRight' && at > 0) {
      const newParent = siblings[at - 1]!;
      setCollapsed((set) => new Set([...set].filter((item) => item !== newParent.page.id)));
      move(newParent.page.id, newParent.children.length);
    } else if (event.altKey && event.key === 'ArrowLeft' && node.page.parentId) {
      const parent = rows.find((row) => row.page.id === node.page.parentId);
      const grand = parent ? siblingsOf(parent) : tree;
      move(parent?.page.parentId ?? null, grand.findIndex((row) => row.page.id === node.page.parentId) + 1);
    } else if (!event.altKey && event.key === 'ArrowDown' && rows[position + 1]) focusRow(rows[position + 1]!.page.id);
    else if (!event.altKey && event.key === 'ArrowUp' && rows[position - 1]) focusRow(rows[position - 1]!.page.id);
    else if (!event.altKey && event.key === 'ArrowRight' && node.children.length > 0) setCollapsed((set) => new Set([...set].filter((item) => item !== node.page.id)));
    else if (!event.altKey && event.key === 'ArrowLeft' && node.children.length > 0) setCollapsed((set) => new Set([...set, node.page.id]));
    else return;
    event.preventDefault();
  };

  return (
    <aside className="sidebar">
      <div className="workspace-name">
        {workspaces.length > 1 ? (
          <select aria-label="Workspace" value={ref.id} onChange={(event) => switchWorkspace(event.target.value)}>
            {workspaces.map((other) => (
              <option key={other.id} value={other.id}>
                {other.id === ref.id ? workspaceName : other.name}
              </option>
            ))}
          </select>
        ) : (
          <strong>{workspaceName}</strong>
        )}
      </div>
      {!readOnly && (
        <div className="sidebar-actions">
          <button type="button" onClick={() => create('doc')} aria-keyshortcuts="Control+Alt+N">
            + New page
          </button>
          <button type="button" onClick={() => create('tasks')} aria-keyshortcuts="Control+Alt+T">
            + New task list
          </button>
        </div>
      )}
      <MyWorkLink current={currentPageId === MY_WORK_VIEW} onOpen={() => onOpen(MY_WORK_VIEW)} />
      <InboxLink current={currentPageId === INBOX_VIEW} onOpen={() => onOpen(INBOX_VIEW)} />
      <button type="button" className={currentPageId === TEAM_VIEW ? 'mywork-link current' : 'mywork-link'} aria-current={currentPageId === TEAM_VIEW ? 'page' : undefined} onClick={() => onOpen(TEAM_VIEW)}>
        Team
      </button>
      <CheckInsLink current={currentPageId === CHECK_INS_VIEW} onOpen={() => onOpen(CHECK_INS_VIEW)} />
      <nav aria-label="Pages">
        {rows.length === 0 ? (
          <p className="muted small">No pages yet.</p>
        ) : (
          <ul ref={setListRef} className="page-list">
            {virtual.items.map((item) => {
              if (item.kind === 'gap') return <VirtualGap key={item.key} height={item.height} />;
              const position = item.index;
              const node = rows[position]!;
              return (
                <PageRow
                  key={node.page.id}
                  node={node}
                  title={pageTitle(node.page.title, node.page.kind)}
                  current={node.page.id === currentPageId}
                  expanded={!collapsed.has(node.page.id)}
                  renaming={renaming === node.page.id}
                  position={position + 1}
                  count={rows.length}
                  onOpen={() => onOpen(node.page.id)}
                  onToggle={() => setCollapsed((set) => (set.has(node.page.id) ? new Set([...set].filter((other) => other !== node.page.id)) : new Set([...set, node.page.id])))}
                  onAddChild={() => create('doc', node.page.id)}
                  onDelete={() => remove(node)}
                  onRenameDone={() => {
                    setRenaming(null);
                    focusRow(node.page.id);
                  }}
                  onStartRename={() => setRenaming(node.page.id)}
                  onKeyDown={(event) => onRowKey(event, node, position)}
                />
              );
            })}
          </ul>
        )}
      </nav>
      <div className="sidebar-footer">
        <ExportButton className="ghost muted" />
      </div>
    </aside>
  );
}

/** A view's link in the sidebar, with a count beside it (and said to screen readers) when there is one. */
function CountLink({ label, current, count, description, onOpen }: { label: string; current: boolean; count: number; description: string; onOpen(): void }) {
  return (
    <button type="button" className={current ? 'mywork-link current' : 'mywork-link'} aria-current={current ? 'page' : undefined} aria-description={count > 0 ? description : undefined} onClick={onOpen}>
      {label}
      {count > 0 && (
        <span className="mywork-count" aria-hidden="true">
          {count}
        </span>
      )}
    </button>
  );
}

/** Opens My work; its count is what needs you now: handed to you, and overdue. */
function MyWorkLink({ current, onOpen }: { current: boolean; onOpen(): void }) {
  const { groups } = useMyWork();
  const pressing = groups.handedToMe.length + groups.overdue.length;
  return <CountLink label="My work" current={current} count={pressing} description={`${pressing} ${pressing === 1 ? 'needs' : 'need'} you: handed to you or overdue`} onOpen={onOpen} />;
}

/** Opens the catch-up inbox; says how many pages changed since I last looked. */
function InboxLink({ current, onOpen }: { current: boolean; onOpen(): void }) {
  const changed = useInbox().length;
  return <CountLink label="Catch up" current={current} count={changed} description={`${changed} ${changed === 1 ? 'page' : 'pages'} changed since you were last here`} onOpen={onOpen} />;
}

/** Opens the check-ins; says when it is time for mine (in my hours, not yet answered today). */
function CheckInsLink({ current, onOpen }: { current: boolean; onOpen(): void }) {
  const { due } = useCheckIns();
  return (
    <button type="button" className={current ? 'mywork-link team-link current' : 'mywork-link team-link'} aria-current={current ? 'page' : undefined} aria-description={due ? 'Time for your check-in' : undefined} onClick={onOpen}>
      Check-ins
      {due && <span className="checkin-due" aria-hidden="true" />}
    </button>
  );
}
