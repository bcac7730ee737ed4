import type { Profile } from '../../shared/device';
import { viewChoiceKey } from '../../shared/viewChoice';
import { MY_WORK_VIEW, myWorkGroups, rowKey, rowMeta, VIEW_NAMES } from './myWorkModel';
import { sourceOfCopy, type MyWorkCopy } from './savedCopy';

/** Rows drawn per group: a screenful; React draws the rest (virtualised) a moment later. */
const ROWS_PER_SCREEN = Math.ceil(window.innerHeight / 40);

/**
 * The first paint of a cold start that opens on My work, before React (most of the first script's
 * time on a cold start) has loaded: the same layout, groups and rows as WorkspaceOpening draws from
 * the same copy, in plain DOM. React replaces it with its own drawing of the copy as soon as it
 * has loaded. A task opened meanwhile opens once the workspace is ready (`onOpen`).
 */
export function drawMyWorkCopy(root: HTMLElement, copy: MyWorkCopy, profile: Profile, onOpen: (listId: string) => void): void {
  const source = sourceOfCopy(copy);
  const { workspaceName } = copy;
  const now = Date.now();
  const { shown, message } = myWorkGroups(source, profile, now);
  const chosen = localStorage.getItem(viewChoiceKey(MY_WORK_VIEW)) ?? 'list';
  const sidebar = el('aside', { class: 'sidebar' }, el('div', { class: 'workspace-name' }, el('strong', {}, workspaceName)), el('p', { class: 'muted sidebar-opening', role: 'status' }, `Opening ${workspaceName}…`));
  const panel = el('div', { role: 'tabpanel', class: 'page-view', 'aria-label': 'My work' });
  const status = (text: string) => panel.replaceChildren(el('p', { class: 'muted', role: 'status' }, text));
  const tabs = el('div', { class: 'page-views', role: 'tablist', 'aria-label': 'Views' });
  for (const view of VIEW_NAMES) {
    const tab = el('button', { type: 'button', role: 'tab', 'aria-selected': String(view.id === chosen), tabindex: view.id === chosen ? '0' : '-1' }, view.label);
    // Another view is chosen for when the app has loaded, as in WorkspaceOpening.
    tab.addEventListener('click', () => {
      localStorage.setItem(viewChoiceKey(MY_WORK_VIEW), view.id);
      for (const other of tabs.children) other.setAttribute('aria-selected', String(other === tab));
      status('Opening…');
    });
    tabs.append(tab);
  }
  if (chosen !== 'list') status('Opening…');
  else if (message) panel.append(el('p', { class: 'muted' }, message.text));
  else {
    for (const group of shown) {
      const rows = group.tasks.slice(0, ROWS_PER_SCREEN).map((task, position) => {
        const open = el('button', { type: 'button', class: 'mywork-open' }, task.title);
        open.addEventListener('click', () => {
          status(`Opening ${source.listTitle(task.listId)}…`);
          onOpen(task.listId);
        });
        return el('li', { class: 'mywork-task', 'data-row-key': rowKey(task), 'aria-posinset': String(position + 1), 'aria-setsize': String(group.tasks.length) }, open, el('span', { class: 'mywork-meta muted' }, rowMeta(task, source, profile, now)));
      });
      panel.append(el('section', { class: 'mywork-group', 'aria-label': group.title }, el('h2', {}, `${group.title} `, el('span', { class: 'muted' }, String(group.tasks.length))), el('ul', {}, ...rows)));
    }
  }
  const page = el('section', { class: 'page mywork', 'aria-label': 'My work' }, el('h1', {}, 'My work'), tabs, panel);
  root.replaceChildren(el('div', { class: 'app' }, sidebar, el('div', { class: 'main' }, el('header', { class: 'topbar' }), page)));
}

function el(tag: string, attributes: Record<string, string>, ...children: Array<Node | string>): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}
