import { CHECK_INS_VIEW, CheckInsView } from '../../features/checkins';
import { INBOX_VIEW, InboxView } from '../../features/inbox';
import { MY_WORK_VIEW, MyWork } from '../../features/mywork';
import { PageView } from '../../features/page';
import { TEAM_VIEW, TeamView } from '../../features/people';
import { describeShortcut } from '../../features/shortcuts';
import { useWorkspace } from '../../shared/workspace';

/** The workspace's one main landmark: the open page, or what to do when none is open. */
export function WorkspaceContent() {
  const { currentPageId, readOnly } = useWorkspace();
  return (
    <main className="content">
      {currentPageId === MY_WORK_VIEW ? (
        <MyWork />
      ) : currentPageId === TEAM_VIEW ? (
        <TeamView />
      ) : currentPageId === INBOX_VIEW ? (
        <InboxView />
      ) : currentPageId === CHECK_INS_VIEW ? (
        <CheckInsView />
      ) : currentPageId ? (
        <PageView key={currentPageId} pageId={currentPageId} />
      ) : (
        <section className="empty" aria-label="No page open">
          <h1>Nothing open</h1>
          {/* A viewer cannot create pages: offering it would only meet a refusal. */}
          <p className="muted">
            {readOnly
              ? 'Choose a page in the sidebar to read it. Pages your teammates add appear there as they sync.'
              : `Create a page or a task list from the sidebar, or press ${describeShortcut('mod+alt+n')}.`}
          </p>
        </section>
      )}
    </main>
  );
}
