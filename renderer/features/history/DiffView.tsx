import type { CSSProperties } from 'react';
import type { Member } from '../../../shared/model';
import type { DiffBlock, Segment } from '../../../shared/model/historyDiff';

const UNKNOWN_COLOR = '#6b7280';
const LIST_ITEMS = new Set(['listItem', 'taskItem']);

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

/** A version compared with the page now, block by block. */
export function DiffView({ blocks, members }: { blocks: readonly DiffBlock[]; members: ReadonlyMap<string, Member> }) {
  return (
    <div className="version-diff">
      {blocks.map((block, i) => {
        const depth = block.path.filter((name) => LIST_ITEMS.has(name)).length;
        const className = ['diff-block', block.type, block.kind, block.level ? `h${block.level}` : ''].filter(Boolean).join(' ');
        return (
          <div key={i} className={className} style={depth ? { paddingLeft: `${depth * 1.2}em` } : undefined}>
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
