/**
 * A block of a page's rich text (a paragraph, a heading, a list item's paragraph) as plain JSON, so a
 * merge review can keep each side's block as it was before the merge and rebuild it, formatting
 * included, as a new forward change. Read back from a doc anyone may have written, so reading
 * checks shape and size and answers null for what it cannot trust.
 */
import * as Y from 'yjs';

/** A mark or an attribute value as y-prosemirror stores it: JSON. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A run of text and its marks (Y.XmlText's delta, strings only). */
export interface TextRun {
  insert: string;
  attributes?: Record<string, JsonValue>;
}

export interface BlockText {
  text: TextRun[];
}

export interface BlockJson {
  name: string;
  attrs?: Record<string, JsonValue>;
  children?: (BlockJson | BlockText)[];
}

/** Characters of text a side keeps at most; a longer block is kept cut short and cannot be restored from here. */
export const MAX_BLOCK_TEXT = 10_000;
/** Elements and text runs in one block at most, and how deep it may nest. */
export const MAX_BLOCK_NODES = 400;
export const MAX_BLOCK_DEPTH = 8;
const MAX_KEYS = 16;
const MAX_VALUE_CHARS = 2_000;
const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export interface SerializedBlock {
  block: BlockJson;
  /** Over the caps: text was cut, so the block shows but is not offered for restoring. */
  truncated: boolean;
}

interface Budget {
  nodes: number;
  chars: number;
  truncated: boolean;
}

/** The block as JSON: node name, attributes, each text's runs with their marks, children in order. */
export function serializeBlock(element: Y.XmlElement): SerializedBlock {
  const budget: Budget = { nodes: MAX_BLOCK_NODES, chars: MAX_BLOCK_TEXT, truncated: false };
  const block = serializeElement(element, budget, 0);
  return { block, truncated: budget.truncated };
}

function serializeElement(element: Y.XmlElement, budget: Budget, depth: number): BlockJson {
  budget.nodes--;
  const out: BlockJson = { name: element.nodeName };
  const attrs = element.getAttributes() as Record<string, JsonValue>;
  if (Object.keys(attrs).length > 0) out.attrs = attrs;
  const children: (BlockJson | BlockText)[] = [];
  for (const child of element.toArray()) {
    if (budget.nodes <= 0 || depth >= MAX_BLOCK_DEPTH) {
      budget.truncated = true;
      break;
    }
    if (child instanceof Y.XmlText) children.push(serializeText(child, budget));
    else if (child instanceof Y.XmlElement) children.push(serializeElement(child, budget, depth + 1));
  }
  if (children.length > 0) out.children = children;
  return out;
}

function serializeText(text: Y.XmlText, budget: Budget): BlockText {
  budget.nodes--;
  const runs: TextRun[] = [];
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, JsonValue> }[]) {
    if (typeof op.insert !== 'string') continue;
    if (budget.chars <= 0 || budget.nodes <= 0) {
      budget.truncated = true;
      break;
    }
    let insert = op.insert;
    if (insert.length > budget.chars) {
      insert = insert.slice(0, budget.chars);
      budget.truncated = true;
    }
    budget.chars -= insert.length;
    budget.nodes--;
    runs.push(op.attributes && Object.keys(op.attributes).length > 0 ? { insert, attributes: op.attributes } : { insert });
  }
  return { text: runs };
}

/** The block's plain text, blocks inside it on lines of their own. */
export function blockText(block: BlockJson): string {
  const parts: string[] = [];
  for (const child of block.children ?? []) {
    if ('text' in child) parts.push(child.text.map((run) => run.insert).join(''));
    else parts.push(blockText(child));
  }
  return parts.join(block.children?.some((child) => !('text' in child)) ? '\n' : '');
}

/** A new element holding what `block` describes (not yet in any doc). */
export function buildBlock(block: BlockJson): Y.XmlElement {
  const element = new Y.XmlElement(block.name);
  for (const [key, value] of Object.entries(block.attrs ?? {})) element.setAttribute(key, value as string);
  const children = (block.children ?? []).map((child) => ('text' in child ? buildText(child) : buildBlock(child)));
  if (children.length > 0) element.insert(0, children);
  return element;
}

function buildText(text: BlockText): Y.XmlText {
  const node = new Y.XmlText();
  node.applyDelta(text.text.map((run) => ({ insert: run.insert, ...(run.attributes ? { attributes: run.attributes } : {}) })));
  return node;
}

/**
 * Makes `element` read as `block` by editing it in place where it can: a block of one text (a
 * paragraph, a heading) keeps its identity, and only the characters and marks that differ are
 * rewritten, so someone typing in it at the same moment keeps their keystrokes. Returns false when
 * the shapes differ (another node, inline nodes, nested blocks): the caller replaces the block.
 */
export function rewriteBlock(element: Y.XmlElement, block: BlockJson): boolean {
  if (element.nodeName !== block.name) return false;
  const current = element.toArray();
  const wanted = block.children ?? [];
  if (current.some((child) => !(child instanceof Y.XmlText)) || current.length > 1) return false;
  if (wanted.length > 1 || wanted.some((child) => !('text' in child))) return false;
  const attrs = element.getAttributes() as Record<string, JsonValue>;
  for (const key of Object.keys(attrs)) if (!(key in (block.attrs ?? {}))) element.removeAttribute(key);
  for (const [key, value] of Object.entries(block.attrs ?? {})) {
    if (JSON.stringify(attrs[key]) !== JSON.stringify(value)) element.setAttribute(key, value as string);
  }
  const runs = (wanted[0] as BlockText | undefined)?.text ?? [];
  let text = current[0] as Y.XmlText | undefined;
  if (!text) {
    if (runs.length === 0) return true;
    text = new Y.XmlText();
    element.insert(0, [text]);
  }
  rewriteText(text, runs);
  return true;
}

/** One character and its marks, so prefix and suffix compare formatting too. */
function characters(runs: readonly TextRun[]): { char: string; marks: string; attributes: Record<string, JsonValue> }[] {
  return runs.flatMap((run) => {
    const attributes = run.attributes ?? {};
    const marks = JSON.stringify(attributes);
    return [...run.insert].map((char) => ({ char, marks, attributes }));
  });
}

function rewriteText(text: Y.XmlText, runs: readonly TextRun[]): void {
  const have = characters(text.toDelta() as TextRun[]);
  const want = characters(runs);
  let start = 0;
  while (start < have.length && start < want.length && have[start]!.char === want[start]!.char && have[start]!.marks === want[start]!.marks) start++;
  let end = 0;
  while (
    end < have.length - start &&
    end < want.length - start &&
    have[have.length - 1 - end]!.char === want[want.length - 1 - end]!.char &&
    have[have.length - 1 - end]!.marks === want[want.length - 1 - end]!.marks
  ) {
    end++;
  }
  // Offsets are in UTF-16 units, as Yjs counts them.
  const offset = have.slice(0, start).reduce((sum, c) => sum + c.char.length, 0);
  const removed = have.slice(start, have.length - end).reduce((sum, c) => sum + c.char.length, 0);
  if (removed > 0) text.delete(offset, removed);
  let at = offset;
  const unset = nullMarks([...have, ...want]);
  for (const run of groupRuns(want.slice(start, want.length - end))) {
    // Explicit marks (null for none), so the new text does not take on its left neighbour's.
    text.insert(at, run.insert, { ...unset, ...(run.attributes ?? {}) } as Record<string, unknown>);
    at += run.insert.length;
  }
}

/** Every mark in play, unset: new runs carry exactly the marks they were written with. */
function nullMarks(have: readonly { attributes: Record<string, JsonValue> }[]): Record<string, null> {
  const out: Record<string, null> = {};
  for (const c of have) for (const key of Object.keys(c.attributes)) out[key] = null;
  return out;
}

function groupRuns(chars: readonly { char: string; marks: string; attributes: Record<string, JsonValue> }[]): TextRun[] {
  const runs: TextRun[] = [];
  let last: { marks: string; run: TextRun } | null = null;
  for (const c of chars) {
    if (last && last.marks === c.marks) last.run.insert += c.char;
    else {
      const run: TextRun = Object.keys(c.attributes).length > 0 ? { insert: c.char, attributes: c.attributes } : { insert: c.char };
      runs.push(run);
      last = { marks: c.marks, run };
    }
  }
  return runs;
}

/** A block read from a doc anyone may have written: its shape checked and its size capped, or null. */
export function parseBlock(value: unknown): BlockJson | null {
  const budget: Budget = { nodes: MAX_BLOCK_NODES, chars: MAX_BLOCK_TEXT, truncated: false };
  return parseElement(value, budget, 0);
}

function parseElement(value: unknown, budget: Budget, depth: number): BlockJson | null {
  if (!isObject(value) || typeof value.name !== 'string' || !NAME.test(value.name) || depth > MAX_BLOCK_DEPTH || --budget.nodes < 0) return null;
  const out: BlockJson = { name: value.name };
  if (value.attrs !== undefined) {
    const attrs = parseAttributes(value.attrs);
    if (!attrs) return null;
    out.attrs = attrs;
  }
  if (value.children !== undefined) {
    if (!Array.isArray(value.children) || value.children.length > MAX_BLOCK_NODES) return null;
    const children: (BlockJson | BlockText)[] = [];
    for (const child of value.children as unknown[]) {
      const parsed = isObject(child) && 'text' in child ? parseText(child.text, budget) : parseElement(child, budget, depth + 1);
      if (!parsed) return null;
      children.push(parsed);
    }
    out.children = children;
  }
  return out;
}

function parseText(value: unknown, budget: Budget): BlockText | null {
  if (!Array.isArray(value) || --budget.nodes < 0) return null;
  const runs: TextRun[] = [];
  for (const run of value as unknown[]) {
    if (!isObject(run) || typeof run.insert !== 'string' || --budget.nodes < 0) return null;
    budget.chars -= run.insert.length;
    if (budget.chars < 0) return null;
    if (run.attributes === undefined) runs.push({ insert: run.insert });
    else {
      const attributes = parseAttributes(run.attributes);
      if (!attributes) return null;
      runs.push({ insert: run.insert, attributes });
    }
  }
  return { text: runs };
}

function parseAttributes(value: unknown): Record<string, JsonValue> | null {
  if (!isObject(value)) return null;
  const entries = Object.entries(value);
  if (entries.length > MAX_KEYS) return null;
  for (const [key, entry] of entries) {
    if (!NAME.test(key)) return null;
    const json = JSON.stringify(entry);
    if (json === undefined || json.length > MAX_VALUE_CHARS) return null;
  }
  return value as Record<string, JsonValue>;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
