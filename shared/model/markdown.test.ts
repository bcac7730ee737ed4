import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pageContent } from './content';
import { addChecklistItem, updateChecklistItem } from './checklist';
import { escapeMarkdown, fragmentMarkdown, tasksMarkdown, workspaceMarkdown } from './markdown';
import { createPage } from './pages';
import { addTask, taskDescription, updateTask } from './tasks';
import { member } from './testing';
import { createLabel, initWorkspace, upsertMember } from './workspace';

// Nodes and marks laid out as y-tiptap stores TipTap's schema: node attributes
// as XML attributes with their JSON values, marks as text attributes by name.
type Run = string | [string, Record<string, unknown>];
type Child = Y.XmlElement | Run;

function el(name: string, attrs: Record<string, unknown>, children: Child[] = []): Y.XmlElement {
  const node = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value as string);
  // Consecutive runs share one XmlText, as y-tiptap writes a text node's marks as formatting.
  const built: (Y.XmlElement | { insert: string; attributes: Record<string, unknown> }[])[] = [];
  for (const child of children) {
    if (child instanceof Y.XmlElement) {
      built.push(child);
      continue;
    }
    const [insert, attributes] = typeof child === 'string' ? [child, {}] : child;
    const last = built.at(-1);
    if (Array.isArray(last)) last.push({ insert, attributes });
    else built.push([{ insert, attributes }]);
  }
  node.insert(
    0,
    built.map((item) => {
      if (item instanceof Y.XmlElement) return item;
      const text = new Y.XmlText();
      text.applyDelta(item);
      return text;
    }),
  );
  return node;
}

const p = (...runs: Child[]) => el('paragraph', {}, runs);
const li = (...blocks: Y.XmlElement[]) => el('listItem', {}, blocks);
const bold = { bold: {} };
const italic = { italic: {} };
const code = { code: {} };

function page(...blocks: Y.XmlElement[]): Y.Doc {
  const doc = new Y.Doc();
  pageContent(doc).push(blocks);
  return doc;
}

const md = (doc: Y.Doc) => fragmentMarkdown(pageContent(doc));

describe('fragmentMarkdown', () => {
  it('writes headings, paragraphs, marks and links', () => {
    const doc = page(
      el('heading', { level: 2 }, ['Plan']),
      p('A ', ['bold', bold], ' and ', ['italic', italic], ' word, ', ['code()', code], ', ', ['gone', { strike: {} }], ' and ', ['a link', { link: { href: 'https://baton.example/a', target: '_blank' } }], '.'),
      p(['both ', bold], ['at once', { ...bold, ...italic }], ' after'),
    );
    expect(md(doc)).toBe(
      ['## Plan', 'A **bold** and *italic* word, `code()`, ~~gone~~ and [a link](https://baton.example/a).', '**both *at once*** after'].join('\n\n'),
    );
  });

  it('keeps whitespace outside delimiters and writes code spans whole', () => {
    const doc = page(p('say', [' loud ', bold], 'now ', ['a `tick`', code], ' ', ['x', { ...code, ...bold }]));
    expect(md(doc)).toBe('say **loud** now `` a `tick` `` **`x`**');
  });

  it('escapes what Markdown would read as syntax', () => {
    const doc = page(p('# not a heading'), p('1. not a list, *stars*, _under_, [brackets], `tick`, <tag>, a\\b, ~x~ & &amp;'), p('- dash'), p('> quote'));
    expect(md(doc)).toBe(
      ['\\# not a heading', '1\\. not a list, \\*stars\\*, \\_under\\_, \\[brackets\\], \\`tick\\`, \\<tag>, a\\\\b, \\~x\\~ & \\&amp;', '\\- dash', '\\> quote'].join('\n\n'),
    );
    expect(escapeMarkdown('plain words stay')).toBe('plain words stay');
  });

  it('nests bullet and ordered lists and keeps them tight', () => {
    const doc = page(
      el('bulletList', {}, [li(p('one'), el('bulletList', {}, [li(p('one.a')), li(p('one.b'), el('orderedList', { start: 9 }, [li(p('nine')), li(p('ten'))]))])), li(p('two'))]),
    );
    expect(md(doc)).toBe(['- one', '  - one.a', '  - one.b', '    9. nine', '    10. ten', '- two'].join('\n'));
  });

  it('writes a checklist with nested items', () => {
    const doc = page(
      el('taskList', {}, [
        el('taskItem', { checked: true }, [p('done thing')]),
        el('taskItem', { checked: false }, [p('open thing'), el('taskList', {}, [el('taskItem', { checked: false }, [p('sub')])])]),
      ]),
    );
    expect(md(doc)).toBe(['- [x] done thing', '- [ ] open thing', '  - [ ] sub'].join('\n'));
  });

  it('writes code blocks, quotes, rules and hard breaks', () => {
    const doc = page(
      el('codeBlock', { language: 'ts' }, ['const a = `x`;\n```\nend']),
      el('blockquote', {}, [p('quoted'), p('twice')]),
      el('horizontalRule', {}),
      p('line one', el('hardBreak', {}), 'line two', el('hardBreak', {})),
    );
    expect(md(doc)).toBe(['````ts\nconst a = `x`;\n```\nend\n````', '> quoted\n>\n> twice', '---', 'line one\\\nline two'].join('\n\n'));
  });

  it('shifts headings below a page title, never past level 6', () => {
    const doc = page(el('heading', { level: 1 }, ['Top']), el('heading', { level: 5 }, ['Deep']));
    expect(fragmentMarkdown(pageContent(doc), { headingOffset: 2 })).toBe('### Top\n\n###### Deep');
  });

  it('gives nothing for an empty page or empty paragraphs', () => {
    expect(md(new Y.Doc())).toBe('');
    expect(md(page(p(), p('  ')))).toBe('');
  });

  it('reads marks y-tiptap stores under a hashed name', () => {
    expect(md(page(p(['x', { 'bold--abc123': {} }])))).toBe('**x**');
  });
});

describe('tasksMarkdown', () => {
  it('writes tasks as a checklist with their details and description', () => {
    const index = new Y.Doc();
    initWorkspace(index, { id: 'ws', name: 'Team', creator: member('m1', { name: 'Ana' }) }, 0);
    upsertMember(index, member('m2', { name: 'Ben_B' }));
    const urgent = createLabel(index, 'urgent', '#dc2626');
    const doc = new Y.Doc();
    const first = addTask(doc, { title: 'Write *spec*', by: 'm1', assignees: ['m1', 'm2'], labels: [urgent], dueDate: '2026-03-31' }, 1);
    const second = addTask(doc, { title: 'Ship', by: 'm1' }, 2);
    const third = addTask(doc, { title: 'Review', by: 'm1', startDate: '2026-03-01' }, 3);
    updateTask(doc, second, { status: 'done' }, 4);
    updateTask(doc, third, { status: 'blocked', priority: 'urgent' }, 5);
    addChecklistItem(doc, third, 'Read *draft*');
    updateChecklistItem(doc, third, addChecklistItem(doc, third, 'Book room'), { done: true });
    taskDescription(doc, first).push([el('paragraph', {}, ['Needs ', ['care', bold]]), el('bulletList', {}, [li(p('point'))])]);

    const names = { members: new Map([['m1', 'Ana'], ['m2', 'Ben_B']]), labels: new Map([[urgent, 'urgent']]), statuses: new Map([['blocked', 'Blocked']]) };
    expect(tasksMarkdown(doc, names)).toBe(
      [
        '- [ ] Write \\*spec\\*\\',
        '  Assigned to Ana, Ben\\_B · Due 2026-03-31 · Labels: urgent',
        '',
        '  Needs **care**',
        '',
        '  - point',
        '- [x] Ship',
        '- [ ] Review\\',
        '  Blocked · Priority: Urgent · Starts 2026-03-01',
        '',
        '  - [ ] Read \\*draft\\*',
        '  - [x] Book room',
      ].join('\n'),
    );
  });
});

describe('workspaceMarkdown', () => {
  it('writes every page in tree order under the workspace name', () => {
    const index = new Y.Doc();
    initWorkspace(index, { id: 'ws', name: 'Team [core]', creator: member('m1', { name: 'Ana' }) }, 0);
    const plan = createPage(index, { title: 'Plan', by: 'm1' }, 1);
    const notes = createPage(index, { title: 'Notes', parentId: plan, by: 'm1' }, 2);
    const todo = createPage(index, { title: 'Todo', kind: 'tasks', by: 'm1' }, 3);
    const blank = createPage(index, { by: 'm1' }, 4);
    const absent = createPage(index, { title: 'Elsewhere', by: 'm1' }, 5);
    const emptyList = createPage(index, { kind: 'tasks', by: 'm1' }, 6);
    const docs = new Map<string, Y.Doc>([
      [plan, page(el('heading', { level: 1 }, ['Goals']), p('Ship it.'))],
      [notes, page(el('bulletList', {}, [li(p('a')), li(p('b'))]))],
      [todo, new Y.Doc()],
      [blank, new Y.Doc()],
      [emptyList, new Y.Doc()],
    ]);
    addTask(docs.get(todo)!, { title: 'Call', by: 'm1', assignees: ['m1'] }, 7);

    expect(workspaceMarkdown(index, (id) => (id === absent ? null : docs.get(id)))).toBe(
      [
        '# Team \\[core\\]',
        '## Plan',
        '### Goals',
        'Ship it.',
        '### Notes',
        '- a\n- b',
        '## Todo',
        '- [ ] Call\\\n  Assigned to Ana',
        '## Untitled page',
        '## Elsewhere',
        "*This page's content is not on this device.*",
        '## Untitled task list',
        '*No tasks.*',
      ].join('\n\n') + '\n',
    );
  });
});
