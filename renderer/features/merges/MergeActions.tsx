import type * as Y from 'yjs';
import { mergedState, ModelError, reopenMerge, resolveMerge, type MergeChoice, type MergeRecord } from '../../../shared/model';
import { useWorkspace } from '../../shared/workspace';
import { sideOrder, whoseSides, type Names } from './describe';

/**
 * Keep the merge, or restore one side: each one action, written forward (nothing is rewound; the
 * merged text stays in the page's history), with Undo. `what` names the thing in each button: "Keep merged
 * version", "Restore Ben's version"; on a task "Restore Ben's status of Book venue", which shows
 * "Restore Ben's status" (`shown`: the visible words begin the name, for speech input).
 */
export function MergeActions({ doc, record, names, what, shown = what }: { doc: Y.Doc; record: MergeRecord; names: Names; what: string; shown?: string }) {
  const { profile, readOnly, notify, undo } = useWorkspace();
  if (readOnly) return null;
  const owners = whoseSides(record, names);
  const choose = (choice: MergeChoice, done: string) => {
    try {
      const before = mergedState(doc, record);
      resolveMerge(doc, record.id, choice, profile.memberId);
      // Undo puts the merged text back and opens the review again, as a change of its own.
      undo.push({ label: done, undo: () => reopenMerge(doc, record.id, before) });
    } catch (error) {
      notify(error instanceof ModelError ? error.message : 'That could not be done; the page is as it was.');
    }
  };
  return (
    <div className="merge-actions">
      <button type="button" className="primary" aria-label={`Keep merged ${what}`} onClick={() => choose('merged', `Kept the merged ${what}.`)}>
        Keep merged {shown}
      </button>
      {sideOrder(record, names.me).map((i) => (
        <button
          key={i}
          type="button"
          disabled={record.sides[i].truncated === true}
          title={record.sides[i].truncated ? 'Too long to restore from here: use the page’s version history' : undefined}
          aria-label={`Restore ${owners[i]} ${what}`}
          onClick={() => choose(i, `Restored ${owners[i]} ${what}.`)}
        >
          Restore {owners[i]} {shown}
        </button>
      ))}
    </div>
  );
}
