import type { PageKind } from '../../shared/model';

/** A page's name as every list and heading shows it: its title, or what it is while it has none. */
export function pageTitle(title: string, kind: PageKind): string {
  return title.trim() || untitled(kind);
}

export function untitled(kind: PageKind): string {
  return kind === 'tasks' ? 'Untitled task list' : 'Untitled page';
}
