import { useEffect, useState } from 'react';
import { changedBlocks, type ChangedBlock } from '../../../shared/inbox';
import { Dialog } from '../dialog';
import { useWorkspace } from '../../shared/workspace';

interface Props {
  docId: string;
  title: string;
  removed: number;
  name(id: string): string;
  color(id: string): string;
  /** Offered when the dialog is opened away from the page. */
  onOpenPage?(): void;
  onClose(): void;
}

/**
 * The page's text others added since I last looked, each paragraph whole with the new words
 * marked in their author's colour, so they read in their sentence. Removed text is gone from the
 * doc (Yjs keeps none), so it is counted, not shown.
 */
export function ChangesDialog({ docId, title, removed, name, color, onOpenPage, onClose }: Props) {
  const { sync, inbox, profile } = useWorkspace();
  const [changes, setChanges] = useState<{ blocks: ChangedBlock[]; more: number } | null>(null);
  useEffect(() => {
    let alive = true;
    void sync.openDoc(docId).then((handle) => {
      const start = inbox.startOf(docId);
      if (alive) setChanges(start ? changedBlocks(handle.doc, start, profile.memberId) : { blocks: [], more: 0 });
      handle.release();
    });
    return () => {
      alive = false;
    };
  }, [sync, inbox, docId, profile.memberId]);
  return (
    <Dialog title={`Changes to ${title}`} onClose={onClose}>
      <div className="inbox-changes">
        {!changes ? (
          <p className="muted">Reading the page…</p>
        ) : changes.blocks.length === 0 ? (
          <p className="muted">No added text to show{removed > 0 ? `; ${removed.toLocaleString('en')} characters were removed` : ''}.</p>
        ) : (
          <>
            <ul className="inbox-blocks" aria-label="Changed paragraphs">
              {changes.blocks.map((block) => (
                <li key={block.index}>
                  {block.runs.map((run, at) =>
                    run.added ? (
                      <ins key={at} style={{ textDecorationColor: color(run.by), backgroundColor: `color-mix(in srgb, ${color(run.by)} 14%, transparent)` }} title={`Added by ${name(run.by)}`}>
                        {run.text}
                      </ins>
                    ) : (
                      <span key={at}>{run.text}</span>
                    ),
                  )}
                </li>
              ))}
            </ul>
            {(changes.more > 0 || removed > 0) && (
              <p className="muted small">
                {[changes.more > 0 ? `${changes.more.toLocaleString('en')} more changed paragraphs` : '', removed > 0 ? `${removed.toLocaleString('en')} characters removed (not shown)` : ''].filter(Boolean).join(' · ')}
              </p>
            )}
          </>
        )}
        {onOpenPage && (
          <div className="dialog-actions">
            <button type="button" onClick={onOpenPage}>
              Open the page
            </button>
          </div>
        )}
      </div>
    </Dialog>
  );
}
