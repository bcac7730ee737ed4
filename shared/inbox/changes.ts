import type * as Y from 'yjs';
import { authorsOf } from '../model/authors';
import type { Baseline } from './baseline';
import { eachBlock, eachRunSince } from './walk';

/** Blocks shown at most; a page rewritten whole says how many more there were. */
export const MAX_BLOCKS = 100;

export interface ChangedBlock {
  /** Its place among the page's blocks (0 = first). */
  index: number;
  /** The block's text in runs: added since the baseline (and by whom) or there before. */
  runs: { text: string; added: boolean; by: string }[];
}

/**
 * The page's blocks that hold text others added since `baseline`, each whole with the new runs marked,
 * so a reader sees the new words in their sentence. Text removed since is not in the doc any more
 * (Yjs keeps no deleted text), so it is counted in the inbox, not shown here.
 */
export function changedBlocks(doc: Y.Doc, baseline: Baseline, me: string): { blocks: ChangedBlock[]; more: number } {
  const authors = authorsOf(doc);
  const blocks: ChangedBlock[] = [];
  let more = 0;
  let index = 0;
  eachBlock(doc, (block) => {
    const runs: ChangedBlock['runs'] = [];
    let changed = false;
    eachRunSince(block, baseline, (item, text, isAdded) => {
      const author = isAdded ? (authors.get(item.id.client) ?? '') : me;
      // My own words are not news to me.
      const added = author !== me;
      const by = added ? author : '';
      changed ||= added;
      const last = runs[runs.length - 1];
      if (last && last.added === added && last.by === by) last.text += text;
      else runs.push({ text, added, by });
    });
    if (changed) {
      if (blocks.length < MAX_BLOCKS) blocks.push({ index, runs });
      else more += 1;
    }
    index += 1;
  });
  return { blocks, more };
}
