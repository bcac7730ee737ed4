import { useState } from 'react';
import type * as Y from 'yjs';
import { listVersions, type Version } from '../../../shared/model/history';
import type { EditorFeatureProps } from '../../shared/editorFeatures';
import { useDocValue } from '../../shared/useYDoc';
import { formatVersionTime, versionTitle } from './format';
import { useHistoryDoc } from './useHistoryDoc';
import { useMembers } from '../../shared/useMembers';
import { SaveVersion } from './SaveVersion';
import { VersionDialog } from './VersionDialog';

/** The Review panel's versions, newest first; choosing one opens it against the page now. */
export function VersionsSection({ editor, context }: EditorFeatureProps) {
  const history = useHistoryDoc(context.pageId);
  return (
    <section className="review-section versions" aria-labelledby="versions-heading">
      <div className="versions-head">
        <h3 id="versions-heading">Versions</h3>
        {!context.readOnly && <SaveVersion editor={editor} context={context} history={history} />}
      </div>
      {history ? <VersionList history={history} {...{ editor, context }} /> : <p className="muted small">Loading versions…</p>}
    </section>
  );
}

function VersionList({ history, editor, context }: EditorFeatureProps & { history: Y.Doc }) {
  const versions = useDocValue(history, listVersions);
  const members = useMembers(context.index);
  const [chosen, setChosen] = useState<Version | null>(null);

  if (versions.length === 0) {
    return (
      <p className="muted small">
        No versions yet. One is kept automatically after a stretch of editing{context.readOnly ? '.' : ', or name one with Save version.'}
      </p>
    );
  }
  return (
    <>
      <ul className="version-list">
        {versions.map((version) => {
          const author = members.get(version.author);
          return (
            <li key={version.id}>
              <button type="button" className={version.auto ? 'version auto' : 'version'} aria-haspopup="dialog" onClick={() => setChosen(version)}>
                <span className="version-name">{versionTitle(version)}</span>
                <span className="version-by">
                  <span className="member-swatch" style={{ background: author?.color ?? '#6b7280' }} aria-hidden="true" />
                  {author?.name ?? 'Someone'} · <time dateTime={new Date(version.at).toISOString()}>{formatVersionTime(version.at)}</time>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {chosen && (
        <VersionDialog
          version={chosen}
          history={history}
          page={context.doc}
          editor={editor}
          members={members}
          readOnly={context.readOnly}
          onClose={() => setChosen(null)}
        />
      )}
    </>
  );
}
