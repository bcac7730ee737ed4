import { useMemo } from 'react';
import type * as Y from 'yjs';
import { listMembers, type Member } from '../../shared/model';
import { useDocValue } from './useYDoc';

/** The workspace's members by id, for names and colours; kept current. */
export function useMembers(index: Y.Doc): ReadonlyMap<string, Member> {
  const list = useDocValue(index, listMembers);
  return useMemo(() => new Map(list.map((member) => [member.id, member])), [list]);
}
