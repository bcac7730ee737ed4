import { useState, type CSSProperties } from 'react';
import type { Member } from '../../../shared/model';
import type { DiffBlock, Segment } from '../../../shared/model/historyDiff';

const UNKNOWN_COLOR = '#6b7280';
const LIST_ITEMS = new Set(['listItem', 'taskItem']);
/** Longer runs of unchanged blocks fold to their first and last, so the changes stand out. */
const FOLD_AFTER = 4;

/** One run of text: plain, or inserted/deleted in the colour of who did it. Text only, never HTML. */
function SegmentView({ segment, members }: { segment: Segment; members: ReadonlyMap<string, Member> }) {
  if (segment.kind === 'same') return <span>{segment.text}</span>;
  const member = segment.member ? members.get(segment.member) : undefined;
  const style = { '--member': member?.color ?? UNKNOWN_COLOR } as CSSProperties;
  const who = member?.name ?? 'someone';
  return segment.kind === 'inserted' ? (
    <ins style={style} title={`Added by ${who}`}>
      {segment.text}
    </ins>
  ) : (
    <del style={style} title={`Removed by ${who}`}>
      {segment.text}
    </del>
  );
}

function BlockView({ block, members }: { block: DiffBlock; members: ReadonlyMap<string, Member> }) {
  const depth = block.path.filter((name) => LIST_ITEMS.has(name)).length;
  const className = ['diff-block', block.type, block.kind, block.level ? `h${block.level}` : ''].filter(Boolean).join(' ');
  return (
    <div className={className} style={depth ? { paddingLeft: `${depth * 1.2}em` } : undefined}>
      {depth > 0 && (
        <span className="diff-bullet" aria-hidden="true">
          •
        </span>
      )}
      {block.segments.map((segment, j) => (
        <SegmentView key={j} segment={segment} members={members} />
      ))}
    </div>
  );
}

function unchanged(block: DiffBlock): boolean {
  return block.kind === 'same' && block.segments.every((segment) => segment.kind === 'same');
}

/** Blocks to show, with folds standing for runs of unchanged ones: [first, last) indexes. */
function fold(blocks: readonly DiffBlock[]): ({ block: DiffBlock; at: number } | { from: number; to: number })[] {
  const parts: ({ block: DiffBlock; at: number } | { from: number; to: number })[] = [];
  for (let i = 0; i < blocks.length; ) {
    let end = i;
    while (end < blocks.length && unchanged(blocks[end]!)) end++;
    if (end - i > FOLD_AFTER) {
      parts.push({ block: blocks[i]!, at: i }, { from: i + 1, to: end - 1 }, { block: blocks[end - 1]!, at: end - 1 });
      i = end;
    } else {
      parts.push({ block: blocks[i]!, at: i });
      i++;
    }
  }
  return parts;
}

/** A version compared with the page now, block by block; long unchanged stretches fold away until asked for. */
export function DiffView({ blocks, members }: { blocks: readonly DiffBlock[]; members: ReadonlyMap<string, Member> }) {
  const [unfolded, setUnfolded] = useState<ReadonlySet<number>>(new Set());
  return (
    <div className="version-diff">
      {fold(blocks).map((part) => {
        if ('block' in part) return <BlockView key={part.at} block={part.block} members={members} />;
        if (unfolded.has(part.from)) return blocks.slice(part.from, part.to).map((block, j) => <BlockView key={part.from + j} block={block} members={members} />);
        const count = part.to - part.from;
        return (
          <button key={`fold-${part.from}`} type="button" className="diff-fold ghost small" onClick={() => setUnfolded(new Set([...unfolded, part.from]))}>
            Show {count} unchanged {count === 1 ? 'paragraph' : 'paragraphs'}
          </button>
        );
      })}
    </div>
  );
}

/** The members whose changes a diff shows, in order of appearance. */
export function changers(blocks: readonly DiffBlock[]): (string | null)[] {
  const seen = new Set<string | null>();
  for (const block of blocks) for (const segment of block.segments) if (segment.kind !== 'same') seen.add(segment.member);
  return [...seen];
}
