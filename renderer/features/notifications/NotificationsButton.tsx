import { useEffect, useId, useRef, useState } from 'react';
import { listMembers, type NotificationRecord } from '../../../shared/model';
import { showDesktopNotification } from '../../shared/sendNotifications';
import { useDocValue } from '../../shared/useYDoc';
import { formatFull, formatWhen, useNow } from '../../shared/when';
import { useWorkspace } from '../../shared/workspace';
import { useNotifications } from './useNotifications';

const VERBS: Record<NotificationRecord['kind'], string> = {
  mention: 'mentioned you in',
  reply: 'answered you in',
  assigned: 'assigned you',
  handoff: 'handed you',
  suggestion: 'suggested edits on',
  // Not from anyone: its title says it all.
  checkin: '',
};

/**
 * The top bar's Notifications: what was sent to you and has reached your working hours, newest
 * first, unseen ones counted. Each opens where it happened and is then seen, on every device of
 * yours. One that arrives while Baton is open is also shown by the system (the desktop app's, or a
 * browser's once allowed). An urgent one says so, and who sent it.
 */
export function NotificationsButton() {
  const { index, openPage } = useWorkspace();
  const { delivered, unseen, isSeen, markSeen, loaded } = useNotifications();
  const members = useDocValue(index, listMembers);
  const name = (id: string) => members.find((member) => member.id === id)?.name ?? 'Someone';
  const [open, setOpen] = useState(false);
  const now = useNow();
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  // The system is told of what arrives while the app is open, once each: what was there when my
  // notification docs were first read is not told again.
  const told = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!loaded) return;
    if (told.current === null) {
      told.current = new Set(delivered.map((record) => record.id));
      return;
    }
    for (const record of delivered) {
      if (told.current.has(record.id) || isSeen(record.id)) continue;
      told.current.add(record.id);
      showDesktopNotification(record.kind === 'checkin' ? record.title : `${name(record.from)} ${VERBS[record.kind]} ${record.title}${record.urgent ? ' (urgent)' : ''}`, record.text);
    }
  });

  useEffect(() => {
    if (!open) return;
    const close = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    // A click anywhere else closes it too.
    const away = (event: MouseEvent) => {
      if (!(event.target instanceof Node) || panel.current?.contains(event.target) || button.current?.contains(event.target)) return;
      setOpen(false);
    };
    document.addEventListener('keydown', close);
    document.addEventListener('mousedown', away);
    panel.current?.querySelector<HTMLElement>('button')?.focus();
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('mousedown', away);
    };
  }, [open]);

  const go = (record: NotificationRecord) => {
    markSeen([record.id]);
    setOpen(false);
    openPage(record.pageId);
  };

  return (
    <div className="notifications">
      <button ref={button} type="button" className="ghost notifications-button" aria-expanded={open} aria-controls={open ? panelId : undefined} aria-description={unseen > 0 ? `${unseen} new` : undefined} onClick={() => setOpen((shown) => !shown)}>
        Notifications
        {unseen > 0 && (
          <span className="mywork-count" aria-hidden="true">
            {unseen}
          </span>
        )}
      </button>
      {open && (
        <div ref={panel} id={panelId} className="notifications-panel" role="region" aria-label="Notifications">
          <div className="notifications-head">
            <strong>Notifications</strong>
            {unseen > 0 && (
              <button type="button" className="link" onClick={() => markSeen(delivered.map((record) => record.id))}>
                Mark all seen
              </button>
            )}
          </div>
          {delivered.length === 0 ? (
            <p className="muted small">Nothing for you yet. Mentions and answers wait for your working hours, then show here.</p>
          ) : (
            <ul aria-label="Sent to you">
              {delivered.map((record) => (
                <li key={record.id} className={isSeen(record.id) ? 'notification seen' : 'notification'}>
                  <button type="button" className="notification-open" onClick={() => go(record)}>
                    <span>
                      {record.urgent && <span className="notification-urgent">Urgent</span>}
                      {record.kind === 'checkin' ? (
                        <strong>{record.title}</strong>
                      ) : (
                        <>
                          <strong>{name(record.from)}</strong> {VERBS[record.kind]} <strong>{record.title}</strong>
                        </>
                      )}
                    </span>
                    <span className="notification-text">{record.text}</span>
                    <time className="muted small" dateTime={new Date(record.at).toISOString()} title={formatFull(record.at)}>
                      {formatWhen(record.at, now)}
                    </time>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
