import { useState } from 'react';
import { formatDay } from '../../../shared/time';
import { useMembers } from '../../shared/useMembers';
import { useWorkspace } from '../../shared/workspace';
import { ChangesDialog } from './ChangesDialog';
import './inbox.css';
import { activities } from './describe';
import { useInbox } from './useInbox';

/** Lines shown before "and N more". */
const SHOWN = 2;

/**
 * One quiet line under a page's title while it has news for me: what others did since I last
 * looked, with the changes a click away and a way to mark it seen. Nothing else changes on the page.
 */
export function PageNews({ pageId }: { pageId: string }) {
  const { index, inbox, profile } = useWorkspace();
  const entry = useInbox().find((each) => each.news.docId === pageId);
  const members = useMembers(index);
  const [showing, setShowing] = useState(false);
  if (!entry) return null;
  const name = (id: string) => (id === '' ? 'someone' : (members.get(id)?.name ?? 'a former member'));
  const said = activities(entry.news, name, profile.memberId, formatDay).map((activity) => (activity.by === '' ? activity.what : `${name(activity.by)} ${activity.what}`));
  const hasText = !!entry.news.text && Object.keys(entry.news.text.added).length > 0;
  return (
    <aside className="page-news" aria-label="Since you last looked">
      <span>
        <strong>Since you last looked:</strong> {said.slice(0, SHOWN).join('; ')}
        {said.length > SHOWN && `; and ${said.length - SHOWN} more`}.
      </span>
      {hasText && (
        <button type="button" className="link" onClick={() => setShowing(true)}>
          Show changes
        </button>
      )}
      <button type="button" className="link" onClick={() => inbox.markSeen([pageId])}>
        Mark seen
      </button>
      {showing && (
        <ChangesDialog
          docId={pageId}
          title={entry.title}
          removed={entry.news.text?.removed ?? 0}
          name={(id) => (id === '' ? 'Someone' : (members.get(id)?.name ?? 'A former member'))}
          color={(id) => members.get(id)?.color ?? '#64748b'}
          onClose={() => setShowing(false)}
        />
      )}
    </aside>
  );
}
