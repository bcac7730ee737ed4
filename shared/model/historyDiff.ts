import * as Y from 'yjs';
import { PageKey } from './schema';

/** Any Yjs type (a root, an element, a text), as the doc's own API names it. */
type RootType = ReturnType<Y.Doc['get']>;

export type SegmentKind = 'same' | 'inserted' | 'deleted';

/** A run of text that a version and the text of now share, or that one of them lacks. */
export interface Segment {
  kind: SegmentKind;
  text: string;
  /** Who inserted (kind 'inserted') or deleted (kind 'deleted') it, when known; null for 'same'. */
  member: string | null;
}

/** A paragraph, heading, list item's text…: the unit the diff is shown in. */
export interface DiffBlock {
  /** 'inserted': the block is new since the version; 'deleted': gone since; 'same': in both. */
  kind: SegmentKind;
  /** The block's node name (paragraph, heading, codeBlock…). */
  type: string;
  /** Names of the nodes around it, outermost first (bulletList, listItem…). */
  path: string[];
  /** A heading's level, else null. */
  level: number | null;
  segments: Segment[];
}

export interface Attribution {
  /** The member who typed with a client id of the page doc. */
  clientMember(client: number): string | null;
  /** The member who deleted the page doc's item with this id. */
  deleter(id: Y.ID): string | null;
}

/** Nodes that hold blocks rather than text; anything else is a block of text. */
const CONTAINERS = new Set(['bulletList', 'orderedList', 'listItem', 'taskList', 'taskItem', 'blockquote']);

/**
 * What changed between a version and the page now, block by block. Both share
 * the page doc's item ids (a version is a snapshot of the same doc), so the
 * diff follows ids instead of guessing from the text: the items of now that
 * the version lacks are inserted, and the items deleted since (which the live
 * doc still lists in place, as lengths, after GC) are looked up in the version
 * for their text. What Yjs records as removed and written again (a restore, an
 * undo, a paragraph split in two) is then read as the reader sees it.
 */
export function diffVersion(version: Y.Doc, current: Y.Doc, attribution: Attribution): DiffBlock[] {
  const walk = new DiffWalk(version, attribution);
  walk.container(current.getXmlFragment(PageKey.content), [], null);
  return settleSplits(settleRetyped(walk.blocks));
}

/**
 * A paragraph split in two (Enter inside it) is, to Yjs, its end deleted and
 * a new paragraph holding that text: read as the same text in two blocks.
 */
function settleSplits(blocks: DiffBlock[]): DiffBlock[] {
  const out = blocks.map((block) => ({ ...block, segments: [...block.segments] }));
  for (let i = 0; i + 1 < out.length; i++) {
    const first = out[i]!;
    const next = out[i + 1]!;
    if (first.kind === 'deleted' || next.kind !== 'inserted') continue;
    let cut = first.segments.length;
    while (cut > 0 && first.segments[cut - 1]!.kind === 'deleted') cut--;
    const moved = first.segments
      .slice(cut)
      .map((segment) => segment.text)
      .join('');
    const text = next.segments.map((segment) => segment.text).join('');
    if (!moved || !text.startsWith(moved)) continue;
    first.segments = first.segments.slice(0, cut);
    const rest = text.slice(moved.length);
    const member = next.segments[next.segments.length - 1]?.member ?? null;
    next.kind = 'same';
    next.segments = [{ kind: 'same', text: moved, member: null }, ...(rest ? [{ kind: 'inserted' as const, text: rest, member }] : [])];
  }
  return out;
}

/**
 * Text deleted and written again word for word (a version restored, an undo)
 * is new items to Yjs, but no change to a reader: a run of changes whose
 * removed text equals its added text reads as unchanged, within a block and
 * for whole blocks removed and added back alike.
 */
function settleRetyped(blocks: DiffBlock[]): DiffBlock[] {
  const out: DiffBlock[] = [];
  for (let i = 0; i < blocks.length; ) {
    if (blocks[i]!.kind === 'same') {
      out.push(settleSegments(blocks[i]!));
      i++;
      continue;
    }
    let end = i;
    while (end < blocks.length && blocks[end]!.kind !== 'same') end++;
    const run = blocks.slice(i, end);
    const shape = (block: DiffBlock) => JSON.stringify([block.type, block.level, block.path, block.segments.map((segment) => segment.text).join('')]);
    const removed = run.filter((block) => block.kind === 'deleted');
    const added = run.filter((block) => block.kind === 'inserted');
    if (removed.length > 0 && removed.map(shape).join() === added.map(shape).join()) {
      for (const block of added) out.push({ ...block, kind: 'same', segments: [{ kind: 'same', text: block.segments.map((segment) => segment.text).join(''), member: null }] });
    } else {
      out.push(...run.map(settleSegments));
    }
    i = end;
  }
  return out;
}

function settleSegments(block: DiffBlock): DiffBlock {
  const segments: Segment[] = [];
  for (let i = 0; i < block.segments.length; ) {
    if (block.segments[i]!.kind === 'same') {
      segments.push(block.segments[i]!);
      i++;
      continue;
    }
    let end = i;
    while (end < block.segments.length && block.segments[end]!.kind !== 'same') end++;
    const run = block.segments.slice(i, end);
    const text = (kind: SegmentKind) => run.filter((segment) => segment.kind === kind).map((segment) => segment.text).join('');
    if (text('deleted') === text('inserted')) segments.push({ kind: 'same', text: text('inserted'), member: null });
    else segments.push(...run);
    i = end;
  }
  const joined: DiffBlock = { ...block, segments: [] };
  for (const segment of segments) push(joined, segment);
  return joined;
}

/** The text a diff shows for one kind, block by block (for tests and previews). */
export function diffText(blocks: readonly DiffBlock[], kinds: readonly SegmentKind[] = ['same', 'inserted', 'deleted']): string {
  return blocks
    .map((block) =>
      block.segments
        .filter((segment) => kinds.includes(segment.kind))
        .map((segment) => segment.text)
        .join(''),
    )
    .filter((text) => text !== '')
    .join('\n');
}

class DiffWalk {
  readonly blocks: DiffBlock[] = [];

  constructor(
    private readonly version: Y.Doc,
    private readonly attribution: Attribution,
  ) {}

  /** Walks the blocks of a type of the page of now, deleted items included. */
  container(type: RootType, path: string[], forced: SegmentKind | null): void {
    for (let item = type._start; item; item = item.right) {
      if (item.deleted) {
        this.deletedRange(item.id, item.length, path, null);
        continue;
      }
      const child = item.content instanceof Y.ContentType ? item.content.type : null;
      if (child instanceof Y.XmlElement) this.element(child, item.id, path, forced);
    }
  }

  private element(element: Y.XmlElement, id: Y.ID, path: string[], forced: SegmentKind | null): void {
    const kind = forced ?? (this.inVersion(id) ? 'same' : 'inserted');
    if (CONTAINERS.has(element.nodeName)) {
      this.container(element, [...path, element.nodeName], kind === 'inserted' ? 'inserted' : null);
      return;
    }
    const block = this.block(kind, element, path);
    for (let item = element._start; item; item = item.right) {
      if (item.deleted) this.deletedRange(item.id, item.length, path, block);
      else if (item.content instanceof Y.ContentType) this.inline(item.content.type, item.id, block, kind);
    }
  }

  private inline(type: RootType, id: Y.ID, block: DiffBlock, blockKind: SegmentKind): void {
    if (!(type instanceof Y.XmlText)) {
      // An inline node (a hard break): a line break, inserted if it is new.
      const kind = blockKind === 'inserted' || !this.inVersion(id) ? 'inserted' : 'same';
      push(block, { kind, text: '\n', member: kind === 'inserted' ? this.attribution.clientMember(id.client) : null });
      return;
    }
    for (let item = type._start; item; item = item.right) {
      if (item.deleted) {
        this.deletedRange(item.id, item.length, block.path, block);
        continue;
      }
      if (!(item.content instanceof Y.ContentString)) continue;
      const text = item.content.str;
      const { client, clock } = item.id;
      // The version holds this client's items up to its state: the rest is new.
      const shared = blockKind === 'inserted' ? 0 : Math.max(0, Math.min(text.length, Y.getState(this.version.store, client) - clock));
      if (shared > 0) push(block, { kind: 'same', text: text.slice(0, shared), member: null });
      if (shared < text.length) push(block, { kind: 'inserted', text: text.slice(shared), member: this.attribution.clientMember(client) });
    }
  }

  /** Items deleted since: their text, from the version (those deleted before it are skipped). */
  private deletedRange(id: Y.ID, length: number, path: string[], block: DiffBlock | null): void {
    const structs = this.version.store.clients.get(id.client);
    const end = id.clock + length;
    if (!structs || id.clock >= Y.getState(this.version.store, id.client)) return;
    for (let i = Y.findIndexSS(structs, id.clock); i < structs.length; i++) {
      const struct = structs[i]!;
      if (struct.id.clock >= end) break;
      if (!(struct instanceof Y.Item) || struct.deleted) continue;
      const from = Math.max(id.clock, struct.id.clock);
      const to = Math.min(end, struct.id.clock + struct.length);
      const content = struct.content;
      if (content instanceof Y.ContentString) {
        const text = content.str.slice(from - struct.id.clock, to - struct.id.clock);
        if (block) push(block, { kind: 'deleted', text, member: this.deleter(from, id.client) });
      } else if (content instanceof Y.ContentType) {
        this.deletedType(content.type, struct.id, path, block);
      }
    }
  }

  /** A whole element or text of the version that is gone now. */
  private deletedType(type: RootType, id: Y.ID, path: string[], block: DiffBlock | null): void {
    if (type instanceof Y.XmlText || (block && type instanceof Y.XmlElement && !CONTAINERS.has(type.nodeName) && type.length === 0)) {
      if (block) this.deletedText(type, block, id);
      return;
    }
    if (!(type instanceof Y.XmlElement)) return;
    if (CONTAINERS.has(type.nodeName)) {
      for (let item = type._start; item; item = item.right) {
        if (!item.deleted && item.content instanceof Y.ContentType) this.deletedType(item.content.type, item.id, [...path, type.nodeName], null);
      }
      return;
    }
    const deleted = this.block('deleted', type, path);
    for (let item = type._start; item; item = item.right) {
      if (!item.deleted && item.content instanceof Y.ContentType) this.deletedText(item.content.type, deleted, item.id);
    }
    if (deleted.segments.length === 0) push(deleted, { kind: 'deleted', text: '', member: this.deleter(id.clock, id.client) });
  }

  private deletedText(type: RootType, block: DiffBlock, id: Y.ID): void {
    if (!(type instanceof Y.XmlText)) {
      push(block, { kind: 'deleted', text: '\n', member: this.deleter(id.clock, id.client) });
      return;
    }
    for (let item = type._start; item; item = item.right) {
      if (!item.deleted && item.content instanceof Y.ContentString) {
        push(block, { kind: 'deleted', text: item.content.str, member: this.deleter(item.id.clock, item.id.client) });
      }
    }
  }

  private block(kind: SegmentKind, element: Y.XmlElement, path: string[]): DiffBlock {
    const level = Number(element.getAttribute('level'));
    const block: DiffBlock = { kind, type: element.nodeName, path, level: Number.isFinite(level) && level > 0 ? level : null, segments: [] };
    this.blocks.push(block);
    return block;
  }

  private inVersion(id: Y.ID): boolean {
    return id.clock < Y.getState(this.version.store, id.client);
  }

  private deleter(clock: number, client: number): string | null {
    return this.attribution.deleter(Y.createID(client, clock));
  }
}

/** Appends a segment, joined to the last one when kind and member match. */
function push(block: DiffBlock, segment: Segment): void {
  const last = block.segments[block.segments.length - 1];
  if (last && last.kind === segment.kind && last.member === segment.member) last.text += segment.text;
  else block.segments.push({ ...segment });
}
