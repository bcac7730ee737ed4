import { useEffect, useMemo, useState } from 'react';
import { listPages, type Page } from '../../../shared/model';
import type { DocNews } from '../../../shared/inbox';
import { pageTitle } from '../../shared/pageTitle';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';

const CHECK_INS = /^checkins-(\d{4})(\d{2})$/;
const RENDER_AFTER_MS = 100;

export interface InboxEntry {
  news: DocNews;
  title: string;
  /** A page to open (null: the check-ins). */
  page: Page | null;
}

/** The inbox's news for pages that still exist and months of check-ins, latest first; kept current. */
export function useInbox(): InboxEntry[] {
  const { inbox, index } = useWorkspace();
  const version = useInboxVersion();
  const pages = useDocValue(index, listPages);
  return useMemo(() => {
    const byId = new Map(pages.map((page) => [page.id, page]));
    const entries: InboxEntry[] = [];
    for (const news of inbox.list()) {
      const month = CHECK_INS.exec(news.docId);
      if (month) {
        const name = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(Number(month[1]), Number(month[2]) - 1, 15));
        entries.push({ news, title: `Check-ins, ${name}`, page: null });
        continue;
      }
      const page = byId.get(news.docId);
      if (page && page.deletedAt === null) entries.push({ news, title: pageTitle(page.title, page.kind), page });
    }
    return entries;
  }, [inbox, version, pages]);
}

/** Moves when the inbox does; a burst of docs read as a week of changes syncs is one render, not one per doc. */
function useInboxVersion(): number {
  const { inbox } = useWorkspace();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = inbox.changes.subscribe(() => {
      timer ??= setTimeout(() => {
        timer = null;
        setVersion((value) => value + 1);
      }, RENDER_AFTER_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [inbox]);
  return version;
}
