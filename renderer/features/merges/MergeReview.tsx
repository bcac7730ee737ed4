import { useState } from 'react';
import type * as Y from 'yjs';
import { getTask, mergedBlock, type MergeRecord, type MergeSide } from '../../../shared/model';
import { useDocValue } from '../../shared/useYDoc';
import { formatFull, formatWhen, useNow } from '../../shared/when';
import { BlockView } from './BlockView';
import { fieldSummary, sideName, sideOrder, whoseSides, type Names } from './describe';
import { MergeActions } from './MergeActions';
import { useMergeNames } from './useMergeNames';
import { useOpenMerges } from './useOpenMerges';
import './merges.css';

/**
 * On a page with open merge reviews, a calm notice under the title (never a modal): each paragraph
 * two sides changed differently while apart, both sides as they were before the merge and the
 * merged text, with one action to keep the merge or restore a side. Task fields are listed here
 * and reviewed on their task, where the flag sits. Nobody has to look: nothing waits on it.
 */
export function MergeReview({ doc }: { doc: Y.Doc }) {
  const records = useOpenMerges(doc);
  const names = useMergeNames();
  const now = useNow();
  const [hidden, setHidden] = useState(false);
  if (records.length === 0) return null;
  const paragraphs = records.filter((record) => record.kind === 'paragraph');
  const fields = records.filter((record) => record.kind === 'task');
  return (
    <section className="merge-review" role="region" aria-label="Merged while apart">
      <header className="merge-review-head">
        <h2>
          Merged while apart <span className="merge-count muted">· {records.length === 1 ? '1 to review' : `${records.length} to review`}</span>
        </h2>
        <button type="button" className="ghost small" aria-expanded={!hidden} onClick={() => setHidden((was) => !was)}>
          {hidden ? 'Show' : 'Hide'}
        </button>
      </header>
      {!hidden && (
        <p className="merge-intro muted">Changed on two sides while apart. Every word was kept: keep the merge, or restore one side. Nothing changes until someone chooses.</p>
      )}
      {!hidden && paragraphs.length > 0 && (
        <ul className="merge-list" aria-label="Paragraphs merged while apart">
          {paragraphs.map((record) => (
            <ParagraphMerge key={record.id} doc={doc} record={record} names={names} now={now} />
          ))}
        </ul>
      )}
      {!hidden && fields.length > 0 && (
        <ul className="merge-list merge-fields" aria-label="Task fields merged while apart">
          {fields.map((record) => (
            <li key={record.id} className="merge-field-line">
              <span className="merge-flag" aria-hidden="true">
                ⚑
              </span>{' '}
              <strong>{record.label || 'A task'}</strong> · {fieldSummary(record, getTask(doc, record.target)?.[record.field!], names)}
              <span className="muted"> — review it on the task below.</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ParagraphMerge({ doc, record, names, now }: { doc: Y.Doc; record: MergeRecord; names: Names; now: number }) {
  const merged = useDocValue(doc, (current) => mergedBlock(current, record), [record]);
  const owners = whoseSides(record, names);
  const order = sideOrder(record, names.me);
  const who = order.map((i) => sideName(record.sides[i], names));
  return (
    <li className="merge-item" aria-label={`Paragraph “${record.label}”`}>
      <p className="merge-what">
        A paragraph {who[0]} and {who[1]!.replace(/^You$/, 'you')} both changed{' '}
        <time className="muted" dateTime={new Date(record.at).toISOString()} title={formatFull(record.at)}>
          · merged {formatWhen(record.at, now)}
        </time>
      </p>
      <div className="merge-sides">
        {order.map((i) => (
          <Side key={i} side={record.sides[i]} title={`${owners[i]} version`} />
        ))}
        <section className="merge-side merged" aria-label="Merged now">
          <h3>Merged now</h3>
          {merged ? <BlockView block={merged} /> : <p className="muted merge-block">Deleted in the merge</p>}
        </section>
      </div>
      <MergeActions doc={doc} record={record} names={names} what="version" />
    </li>
  );
}

function Side({ side, title }: { side: MergeSide; title: string }) {
  const heading = title.charAt(0).toUpperCase() + title.slice(1);
  return (
    <section className="merge-side" aria-label={`${heading}, before the merge`}>
      <h3>
        {heading} <span className="muted">before the merge</span>
      </h3>
      {side.block ? <BlockView block={side.block} /> : <p className="muted merge-block">Deleted the paragraph</p>}
      {side.truncated && <p className="muted small">Shown cut short: too long to keep whole here.</p>}
    </section>
  );
}
