/**
 * Markdown export: a page's rich text (the ProseMirror schema TipTap stores
 * through y-tiptap), a task list, and a whole workspace as one file. It is
 * how a person takes their writing out of Baton, including someone whose
 * access was removed and who only has the copy on their device, so it reads
 * the docs as they are and never writes to them.
 */
import * as Y from 'yjs';
import { pageContent } from './content';
import { flattenTree, listPages, pageTree } from './pages';
import type { Page, Task } from './schema';
import { listChecklist } from './checklist';
import { listTasks, taskMap } from './tasks';
import { getMeta, listLabels, listMembers } from './workspace';
import { listWorkflow } from './workflow';

export interface MarkdownOptions {
  /** Added to every heading's level (capped at 6), so a page's headings sit below the page's own title. */
  headingOffset?: number;
}

// ---- text ------------------------------------------------------------------

/** Escapes what Markdown would read as syntax inside a line of text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<~|]/g, '\\$&').replace(/&(?=#?\w+;)/g, '\\&');
}

/** Escapes what would start a block (heading, quote, list, rule) at the beginning of a line. */
function escapeLineStarts(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^([ \t]*)([#>+\-=])/, '$1\\$2').replace(/^([ \t]*\d+)([.)])/, '$1\\$2'))
    .join('\n');
}

// ---- inline ----------------------------------------------------------------

type MarkName = 'link' | 'bold' | 'italic' | 'strike' | 'code';

/** Outermost first; code last because nothing can be nested inside a code span. */
const MARK_ORDER: readonly MarkName[] = ['link', 'bold', 'italic', 'strike', 'code'];
const DELIMITER: Record<Exclude<MarkName, 'link' | 'code'>, string> = { bold: '**', italic: '*', strike: '~~' };

interface OpenMark {
  name: MarkName;
  href: string;
}

type Segment = { text: string; marks: OpenMark[] } | { hardBreak: true };

/** y-tiptap stores a mark that may overlap itself as `name--hash`; the name is what counts. */
function markName(key: string): string {
  const cut = key.indexOf('--');
  return cut === -1 ? key : key.slice(0, cut);
}

function marksOf(attributes: Record<string, unknown> | undefined): OpenMark[] {
  const marks: OpenMark[] = [];
  for (const [key, value] of Object.entries(attributes ?? {})) {
    const name = markName(key) as MarkName;
    if (!MARK_ORDER.includes(name)) continue; // underline and others have no Markdown form: their text stays
    const href = name === 'link' && value && typeof value === 'object' ? String((value as { href?: unknown }).href ?? '') : '';
    marks.push({ name, href });
  }
  return marks.sort((a, b) => MARK_ORDER.indexOf(a.name) - MARK_ORDER.indexOf(b.name));
}

function segmentsOf(node: Y.XmlElement): Segment[] {
  const segments: Segment[] = [];
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof op.insert === 'string') segments.push({ text: op.insert, marks: marksOf(op.attributes) });
      }
    } else if (child instanceof Y.XmlElement) {
      if (child.nodeName === 'hardBreak') segments.push({ hardBreak: true });
      else segments.push(...segmentsOf(child));
    }
  }
  return segments;
}

function sameMark(a: OpenMark, b: OpenMark): boolean {
  return a.name === b.name && a.href === b.href;
}

function linkTarget(href: string): string {
  return /[\s()<>]/.test(href) ? `<${href.replace(/[<>]/g, encodeURIComponent)}>` : href;
}

function codeSpan(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = code.startsWith('`') || code.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${code}${pad}${fence}`;
}

/**
 * Renders a block's inline content. Marks stay open across segments while
 * they continue (so `**a *b***` rather than `**a** ***b***`), whitespace is
 * moved outside delimiters (Markdown ignores `** a**`), and a code span is
 * written whole once it ends so its fence can outgrow any backticks inside.
 */
function inlineMarkdown(node: Y.XmlElement, hardBreak = '\\\n'): string {
  let out = '';
  let code: string | null = null;
  const stack: OpenMark[] = [];

  const close = (keep: number) => {
    if (keep >= stack.length) return;
    const trailing = code === null ? (/\s*$/.exec(out)?.[0] ?? '') : '';
    out = out.slice(0, out.length - trailing.length);
    while (stack.length > keep) {
      const mark = stack.pop()!;
      if (mark.name === 'code') {
        out += codeSpan(code ?? '');
        code = null;
      } else if (mark.name === 'link') out += `](${linkTarget(mark.href)})`;
      else out += DELIMITER[mark.name];
    }
    out += trailing;
  };

  for (const segment of segmentsOf(node)) {
    if ('hardBreak' in segment) {
      close(0);
      out += hardBreak;
      continue;
    }
    // Whitespace alone opens nothing: it would leave an empty `****`.
    const wanted = segment.text.trim() ? segment.marks : segment.marks.filter((mark) => stack.some((open) => sameMark(open, mark)));
    let keep = 0;
    while (keep < stack.length && wanted.some((mark) => sameMark(mark, stack[keep]!))) keep++;
    const opening = wanted.filter((mark) => !stack.slice(0, keep).some((open) => sameMark(open, mark)));
    // Nothing may open inside a code span: close it and reopen it on top.
    const codeAt = stack.findIndex((mark) => mark.name === 'code');
    if (codeAt !== -1 && codeAt < keep && opening.length > 0) {
      keep = codeAt;
      opening.push(stack[codeAt]!);
    }
    close(keep);
    let text = segment.text;
    if (opening.length > 0) {
      const leading = code === null ? (/^\s*/.exec(text)?.[0] ?? '') : '';
      out += leading;
      text = text.slice(leading.length);
      for (const mark of opening.sort((a, b) => MARK_ORDER.indexOf(a.name) - MARK_ORDER.indexOf(b.name))) {
        stack.push(mark);
        if (mark.name === 'code') code = '';
        else out += mark.name === 'link' ? '[' : DELIMITER[mark.name];
      }
    }
    if (code !== null) code += text;
    else out += escapeMarkdown(text);
  }
  close(0);
  // A break at the very end would leave a stray backslash.
  while (hardBreak.trim() && out.endsWith(hardBreak)) out = out.slice(0, -hardBreak.length);
  return escapeLineStarts(out.replace(/^[ \t]+/, ''));
}

// ---- blocks ----------------------------------------------------------------

interface Context {
  headingOffset: number;
}

function attr(node: Y.XmlElement, name: string): unknown {
  return (node.getAttributes() as Record<string, unknown>)[name];
}

function plainText(node: Y.XmlElement | Y.XmlText): string {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
  }
  return node
    .toArray()
    .map((child) => (child instanceof Y.XmlElement && child.nodeName === 'hardBreak' ? '\n' : child instanceof Y.XmlElement || child instanceof Y.XmlText ? plainText(child) : ''))
    .join('');
}

/** Prefixes the first line with `first` and the others with `rest` (blank lines stay blank). */
function indent(text: string, first: string, rest: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? first + line : line ? rest + line : line))
    .join('\n');
}

function listItems(list: Y.XmlElement, ctx: Context, marker: (index: number, item: Y.XmlElement) => string): string {
  return list
    .toArray()
    .filter((item): item is Y.XmlElement => item instanceof Y.XmlElement)
    .map((item, i) => {
      const head = marker(i, item);
      const body = itemBody(item, ctx);
      return indent(body, head, ' '.repeat(head.replace(/\[.\] $/, '').length));
    })
    .join('\n');
}

/** A list item's blocks: a nested list follows its line directly so the list stays tight. */
function itemBody(item: Y.XmlElement, ctx: Context): string {
  let out = '';
  for (const child of item.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    const block = blockMarkdown(child, ctx);
    if (block === null) continue;
    out += out === '' ? block : (isList(child) ? '\n' : '\n\n') + block;
  }
  return out;
}

function isList(node: Y.XmlElement): boolean {
  return node.nodeName === 'bulletList' || node.nodeName === 'orderedList' || node.nodeName === 'taskList';
}

function headingLevel(node: Y.XmlElement, ctx: Context): number {
  const level = Number(attr(node, 'level'));
  return Math.min(6, (Number.isInteger(level) && level >= 1 ? level : 1) + ctx.headingOffset);
}

/** One block as Markdown; null for a block with nothing to show (an empty paragraph). */
function blockMarkdown(node: Y.XmlElement, ctx: Context): string | null {
  switch (node.nodeName) {
    case 'paragraph': {
      const text = inlineMarkdown(node);
      return text.trim() ? text : null;
    }
    case 'heading': {
      // A heading is one line; a trailing ` #` would be read as its closing sequence.
      const text = inlineMarkdown(node, ' ').replace(/(\s)(#+)$/, '$1\\$2');
      return text.trim() ? `${'#'.repeat(headingLevel(node, ctx))} ${text}` : null;
    }
    case 'bulletList':
      return listItems(node, ctx, () => '- ');
    case 'orderedList': {
      const start = Number(attr(node, 'start'));
      const first = Number.isInteger(start) && start >= 0 ? start : 1;
      return listItems(node, ctx, (i) => `${first + i}. `);
    }
    case 'taskList':
      return listItems(node, ctx, (_, item) => (attr(item, 'checked') === true || attr(item, 'checked') === 'true' ? '- [x] ' : '- [ ] '));
    case 'codeBlock': {
      const code = plainText(node);
      const longest = Math.max(0, ...(code.match(/`{3,}/g) ?? []).map((run) => run.length));
      const fence = '`'.repeat(Math.max(3, longest + 1));
      const language = attr(node, 'language');
      return `${fence}${typeof language === 'string' ? language : ''}\n${code}\n${fence}`;
    }
    case 'blockquote': {
      const inner = blocksMarkdown(node, ctx);
      return inner ? inner.split('\n').map((line) => (line ? `> ${line}` : '>')).join('\n') : null;
    }
    case 'horizontalRule':
      return '---';
    default: {
      // A node this exporter does not know still gives its text rather than vanishing.
      const inner = blocksMarkdown(node, ctx);
      if (inner) return inner;
      const text = escapeLineStarts(escapeMarkdown(plainText(node).trim()));
      return text || null;
    }
  }
}

function blocksMarkdown(parent: Y.XmlFragment | Y.XmlElement, ctx: Context): string {
  const blocks: string[] = [];
  for (const child of parent.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    const block = blockMarkdown(child, ctx);
    if (block !== null) blocks.push(block);
  }
  return blocks.join('\n\n');
}

/** A rich-text fragment as Markdown ('' for an empty one). */
export function fragmentMarkdown(fragment: Y.XmlFragment, options: MarkdownOptions = {}): string {
  return blocksMarkdown(fragment, { headingOffset: options.headingOffset ?? 0 });
}

// ---- tasks -----------------------------------------------------------------

/** Names for the ids a task refers to; an id without a name is shown as it is. */
export interface TaskNames {
  members: ReadonlyMap<string, string>;
  labels: ReadonlyMap<string, string>;
  /** The workflow's names for statuses; a status without one (removed, or not synced yet) reads as To do. */
  statuses: ReadonlyMap<string, string>;
}

function taskDetails(task: Task, names: TaskNames): string {
  const details: string[] = [];
  // To do goes without saying, and Done is the checked box.
  const status = task.status === 'todo' || task.status === 'done' ? null : names.statuses.get(task.status);
  if (status) details.push(escapeMarkdown(status));
  if (task.priority !== 'none') details.push(`Priority: ${task.priority[0]!.toUpperCase()}${task.priority.slice(1)}`);
  const named = (ids: string[], map: ReadonlyMap<string, string>) => ids.map((id) => escapeMarkdown(map.get(id) ?? id)).join(', ');
  if (task.assignees.length > 0) details.push(`Assigned to ${named(task.assignees, names.members)}`);
  if (task.startDate) details.push(`Starts ${task.startDate}`);
  if (task.dueDate) details.push(`Due ${task.dueDate}`);
  if (task.labels.length > 0) details.push(`Labels: ${named(task.labels, names.labels)}`);
  return details.join(' · ');
}

/** A task list as a Markdown checklist: each task's status, priority, people, dates, labels, description and checklist under it. */
export function tasksMarkdown(doc: Y.Doc, names: TaskNames, options: MarkdownOptions = {}): string {
  return listTasks(doc)
    .map((task) => {
      const box = task.status === 'done' ? '- [x] ' : '- [ ] ';
      const details = taskDetails(task, names);
      let item = escapeLineStarts(escapeMarkdown(task.title)) + (details ? `\\\n${details}` : '');
      const description = taskMap(doc).get(task.id)?.get('description');
      const body = description instanceof Y.XmlFragment ? fragmentMarkdown(description, options) : '';
      if (body) item += `\n\n${body}`;
      const checklist = listChecklist(doc, task.id).map((entry) => `${entry.done ? '- [x] ' : '- [ ] '}${escapeLineStarts(escapeMarkdown(entry.text))}`);
      if (checklist.length > 0) item += `\n\n${checklist.join('\n')}`;
      return indent(item, box, '  ');
    })
    .join('\n');
}

// ---- workspace -------------------------------------------------------------

/** The same words the app shows for a page without a title. */
function titleOf(page: Page): string {
  return page.title.trim() || (page.kind === 'tasks' ? 'Untitled task list' : 'Untitled page');
}

/** A page's own Markdown: its rich text, then its tasks if it is a task list. */
export function pageMarkdown(doc: Y.Doc, kind: Page['kind'], names: TaskNames, options: MarkdownOptions = {}): string {
  const parts = [fragmentMarkdown(pageContent(doc), options)];
  if (kind === 'tasks') parts.push(tasksMarkdown(doc, names, options) || '*No tasks.*');
  return parts.filter(Boolean).join('\n\n');
}

export function taskNames(index: Y.Doc): TaskNames {
  return {
    members: new Map(listMembers(index).map((member) => [member.id, member.name])),
    labels: new Map(listLabels(index).map((label) => [label.id, label.name])),
    statuses: new Map(listWorkflow(index).map((status) => [status.id, status.name])),
  };
}

/**
 * The whole workspace as one Markdown file: its name as the title, then every
 * page in tree order, a nested page one heading level deeper than its parent
 * (level 6 at most), each page's own headings below its title. `pageDoc`
 * gives a page's doc; a page without one says so instead of looking empty.
 */
export function workspaceMarkdown(index: Y.Doc, pageDoc: (pageId: string) => Y.Doc | null | undefined): string {
  const names = taskNames(index);
  const parts = [`# ${escapeMarkdown(getMeta(index)?.name || 'Workspace')}`];
  for (const node of flattenTree(pageTree(listPages(index)))) {
    const level = Math.min(6, node.depth + 2);
    parts.push(`${'#'.repeat(level)} ${escapeMarkdown(titleOf(node.page))}`);
    const doc = pageDoc(node.page.id);
    const body = doc ? pageMarkdown(doc, node.page.kind, names, { headingOffset: level }) : "*This page's content is not on this device.*";
    if (body) parts.push(body);
  }
  return `${parts.join('\n\n')}\n`;
}
