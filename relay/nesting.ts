/**
 * [R26] How deep shared types nest. Yjs deletes, garbage-collects and renders
 * a type's children recursively, so a few kilobytes of types nested thousands
 * deep overflow the stack of every peer that deletes the outermost one — the
 * relay halfway through storing it, and every client after. The structural
 * validator cannot see nesting (a struct names its parent by id, or only its
 * neighbour, and the parent may be in the document or still pending), so this
 * check runs against the room's document before the update is applied.
 */
import * as Y from 'yjs';
import { malformed } from './errors';

/** Rich text nests a few levels per list or table; nothing a person writes comes near this. */
export const MAX_TYPE_DEPTH = 128;

type Struct = Y.Item | Y.GC | Y.Skip;

/**
 * Throws a `malformed` RelayError if integrating `update` into `doc` would put
 * a shared type deeper than MAX_TYPE_DEPTH. A type whose parent the doc does
 * not have yet is measured from there; it cannot wait for that parent and
 * deepen the tree later, because no type is left waiting ([R30], `pendingHoldsTypes`).
 */
export function assertNestingBounded(doc: Y.Doc, update: Uint8Array): void {
  const incoming = new Structs();
  try {
    incoming.add(Y.decodeUpdate(update).structs);
  } catch (error) {
    throw malformed('invalid Yjs update', error);
  }
  incoming.sort();
  const depths = new Map<Y.Item, number>();
  for (const item of incoming.items()) {
    if (!(item.content instanceof Y.ContentType)) continue;
    const depth = containerDepth(item, incoming, doc, depths) + 1;
    if (depth > MAX_TYPE_DEPTH) throw malformed(`shared types nested deeper than ${MAX_TYPE_DEPTH}`);
  }
}

/** Whether any struct the doc keeps waiting for dependencies is a shared type (Yjs keeps them in its v2 encoding). */
export function pendingHoldsTypes(doc: Y.Doc): boolean {
  const pending = doc.store.pendingStructs;
  if (!pending) return false;
  return Y.decodeUpdateV2(pending.update).structs.some((struct) => struct instanceof Y.Item && struct.content instanceof Y.ContentType);
}

/** The incoming items by client, in clock order, to find the one that covers an id. */
class Structs {
  private readonly byClient = new Map<number, Y.Item[]>();

  add(structs: Struct[]): void {
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      const list = this.byClient.get(struct.id.client);
      if (list) list.push(struct);
      else this.byClient.set(struct.id.client, [struct]);
    }
  }

  sort(): void {
    for (const list of this.byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock);
  }

  *items(): Iterable<Y.Item> {
    for (const list of this.byClient.values()) yield* list;
  }

  find(id: Y.ID): Y.Item | null {
    const list = this.byClient.get(id.client);
    if (!list) return null;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const item = list[mid]!;
      if (id.clock < item.id.clock) high = mid - 1;
      else if (id.clock >= item.id.clock + item.length) low = mid + 1;
      else return item;
    }
    return null;
  }
}

/**
 * Depth of the type that holds `item` (0: a root type). An item names its
 * parent type's item by id, or only its left or right neighbour, whose parent
 * it shares. Chains of neighbours run as long as the text, so the walk is a
 * loop, and every item it passes is remembered.
 */
function containerDepth(start: Y.Item, incoming: Structs, doc: Y.Doc, depths: Map<Y.Item, number>): number {
  // Each step up adds 1 (to the parent type's item) or 0 (to a neighbour).
  const chain: Array<{ item: Y.Item; add: number }> = [];
  const onChain = new Set<Y.Item>();
  let item: Y.Item | null = start;
  let base = 0;
  while (item !== null) {
    const known = depths.get(item);
    if (known !== undefined) {
      base = known;
      break;
    }
    // An item exists before every item that names it as neighbour or parent, so
    // honest names never lead back; crafted ones that do would loop forever.
    if (onChain.has(item)) throw malformed('items name each other as neighbours or parents in a cycle');
    onChain.add(item);
    const parent: unknown = item.parent;
    if (typeof parent === 'string') break; // a root type
    if (parent instanceof Y.ID) {
      const next = incoming.find(parent);
      if (next) {
        chain.push({ item, add: 1 });
        item = next;
        continue;
      }
      chain.push({ item, add: 0 });
      base = depthInDoc(doc, parent, true);
      break;
    }
    const neighbour = item.origin ?? item.rightOrigin;
    if (neighbour === null) break;
    chain.push({ item, add: 0 });
    const next = incoming.find(neighbour);
    if (next) {
      item = next;
      continue;
    }
    base = depthInDoc(doc, neighbour, false);
    break;
  }
  for (let i = chain.length - 1; i >= 0; i--) {
    base += chain[i]!.add;
    depths.set(chain[i]!.item, base);
  }
  return depths.get(start) ?? base;
}

/**
 * Depth of an integrated item's type (`isType`: the item is a type itself, so
 * one more), or 0 when the doc does not have it yet (it will be pending, and
 * checked again with what completes it). The doc never holds deeper types
 * than the bound, so the walk is short.
 */
function depthInDoc(doc: Y.Doc, id: Y.ID, isType: boolean): number {
  if (Y.getState(doc.store, id.client) <= id.clock) return 0;
  const item = Y.getItem(doc.store, id);
  if (!(item instanceof Y.Item)) return 0;
  let depth = isType ? 1 : 0;
  let type = item.parent as Y.AbstractType<unknown> | null;
  while (type?._item) {
    depth += 1;
    if (depth > MAX_TYPE_DEPTH) break;
    type = type._item.parent as Y.AbstractType<unknown> | null;
  }
  return depth;
}
