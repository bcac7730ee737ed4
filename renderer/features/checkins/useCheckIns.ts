import { useCallback, useMemo } from 'react';
import { addDays, todayIn } from '../../../shared/time';
import { answerCheckIn, checkInDocId, getCheckInSchedule, isCheckInDue, listCheckIns, type CheckIn, type CheckInSchedule } from '../../../shared/model';
import { useDocValue } from '../../shared/useYDoc';
import { useNow } from '../../shared/when';
import { useOpenDocs } from '../../shared/useOpenDocs';
import { useWorkspace } from '../../shared/workspace';

export interface CheckIns {
  schedule: CheckInSchedule;
  /** This month's and last month's, newest first. */
  checkIns: CheckIn[];
  /** My own calendar day today. */
  today: string;
  /** It is time for mine, in my hours, and I have not answered today. */
  due: boolean;
  loaded: boolean;
  answer(answers: { question: string; text: string }[]): void;
}

/** The check-ins of this month and last (docs of their own, shared/model/checkIns.ts), open while shown. */
export function useCheckIns(): CheckIns {
  const { index, profile } = useWorkspace();
  const now = useNow();
  const schedule = useDocValue(index, getCheckInSchedule);
  const today = todayIn(profile.timezone, now);
  const months = [...new Set([checkInDocId(today), checkInDocId(addDays(today, -31))])].join(' ');
  const { handles, version } = useOpenDocs(months);
  // `version` stands for the docs' content.
  const checkIns = useMemo(() => handles.flatMap((handle) => listCheckIns(handle.doc)).sort((a, b) => b.at - a.at), [handles, version]);
  const answered = useMemo(() => new Set(checkIns.filter((checkIn) => checkIn.member === profile.memberId).map((checkIn) => checkIn.day)), [checkIns, profile.memberId]);
  const answer = useCallback(
    (answers: { question: string; text: string }[]) => {
      const handle = handles.find((each) => each.docId === checkInDocId(today));
      if (!handle) throw new Error('The check-ins are still opening; try again in a moment.');
      answerCheckIn(handle.doc, { member: profile.memberId, day: today, answers });
    },
    [handles, today, profile.memberId],
  );
  return { schedule, checkIns, today, due: handles.length > 0 && isCheckInDue(now, profile, schedule, answered), loaded: handles.length > 0, answer };
}
