import { useMemo, useState } from 'react';
import type { Profile } from '../../shared/device';
import { useViewChoice, ViewTabs } from '../page';
import { MyWorkGroups, MyWorkPage } from './MyWorkGroups';
import { MY_WORK_VIEW, VIEW_NAMES } from './myWorkModel';
import { sourceOfCopy, type MyWorkCopy } from './savedCopy';

/**
 * My work drawn from the copy saved when it was last shown, while the workspace loads: the same
 * groups and rows the live view draws, at once. A task opened meanwhile is opened once the
 * workspace is ready (`onOpen` remembers it); another tab is shown then too.
 */
export function MyWorkFromCopy({ copy, profile, onOpen }: { copy: MyWorkCopy; profile: Profile; onOpen(listId: string): void }) {
  const source = useMemo(() => sourceOfCopy(copy), [copy]);
  const [view, choose] = useViewChoice(MY_WORK_VIEW, VIEW_NAMES);
  const [opening, setOpening] = useState<string | null>(null);
  const open = (listId: string) => {
    setOpening(source.listTitle(listId));
    onOpen(listId);
  };
  return (
    <MyWorkPage>
      <ViewTabs views={VIEW_NAMES} current={view} choose={choose}>
        {opening !== null || view.id !== 'list' ? (
          <p className="muted" role="status">
            {opening !== null ? `Opening ${opening}…` : 'Opening…'}
          </p>
        ) : (
          <MyWorkGroups source={source} profile={profile} onOpen={open} />
        )}
      </ViewTabs>
    </MyWorkPage>
  );
}
