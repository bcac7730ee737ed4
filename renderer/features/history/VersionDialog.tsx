import type { Editor } from '@tiptap/core';
import { useEffect, useMemo } from 'react';
import type * as Y from 'yjs';
import type { Member } from '../../../shared/model';
import { clientMember, deleterLookup, readVersion, type Version } from '../../../shared/model/history';
import { diffVersion } from '../../../shared/model/historyDiff';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';
import { Dialog } from '../dialog';
import { changers, DiffView } from './DiffView';
import { formatVersionTime, versionTitle } from './format';
import { restoreVersion } from './restore';

interface Props {
  version: Version;
  history: Y.Doc;
  page: Y.Doc;
  editor: Editor;
  members: ReadonlyMap<string, Member>;
  readOnly: boolean;
  onClose(): void;
}

/** One version against the page now, with who changed what, and (for editors) a way back to it. */
export function VersionDialog({ version, history, page, editor, members, readOnly, onClose }: Props) {
  const { notify } = useWorkspace();
  const old = useMemo(() => readVersion(version), [version]);
  useEffect(() => () => old?.destroy(), [old]);
  const attribution = useDocValue(history, (doc) => ({ clientMember: (client: number) => clientMember(doc, client), deleter: deleterLookup(doc) }));
  const blocks = useDocValue(page, (doc) => (old ? diffVersion(old, doc, attribution) : []), [old, attribution]);
  const people = changers(blocks);
  const title = versionTitle(version);
  const author = members.get(version.author)?.name ?? 'Someone';

  const restore = () => {
    const result = restoreVersion(editor, version);
    const when = formatVersionTime(version.at);
    if (result === 'altered') notify(`Restoring “${title}” (${when}) was suggested, not applied: Suggest edits is on.`);
    else notify(`Restored “${title}” (${when}). Undo brings the text back.`);
    onClose();
    // The dialog hands focus back to the version list as it closes; the person restored to go on writing.
    requestAnimationFrame(() => !editor.isDestroyed && editor.commands.focus());
  };

  return (
    <Dialog title={version.name ? `Version “${title}”` : 'Automatic version'} onClose={onClose}>
      <div className="version-dialog">
        <p className="version-meta">
          Saved by {author}, <time dateTime={new Date(version.at).toISOString()}>{formatVersionTime(version.at)}</time>. Compared with the page now.
        </p>
        {!old ? (
          <p role="alert">This version cannot be read on this device; it may have been saved by a newer Baton.</p>
        ) : people.length > 0 ? (
          <ul className="version-legend" aria-label="Who changed the text since">
            {people.map((id) => (
              <li key={id ?? 'unknown'}>
                <span className="member-swatch" style={{ background: (id && members.get(id)?.color) || '#6b7280' }} aria-hidden="true" />
                {(id && members.get(id)?.name) || 'Unknown'}
              </li>
            ))}
            <li className="legend-key">
              <ins>added</ins> <del>removed</del>
            </li>
          </ul>
        ) : (
          <p className="muted">This version is the same as the page now.</p>
        )}
        {old && <DiffView blocks={blocks} members={members} />}
        <footer className="version-actions">
          <button type="button" className="ghost" onClick={onClose}>
            Close
          </button>
          {!readOnly && (
            <button type="button" className="primary" onClick={restore} disabled={!old || people.length === 0}>
              Restore this version
            </button>
          )}
        </footer>
      </div>
    </Dialog>
  );
}
