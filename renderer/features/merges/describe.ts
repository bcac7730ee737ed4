import type * as Y from 'yjs';
import { listLabels, listMembers, statusName, type FieldValue, type Label, type Member, type MergeRecord, type MergeSide, type TaskMergeField, type WorkflowStatus } from '../../../shared/model';

/** What a merge review needs to name people, statuses and labels. */
export interface Names {
  me: string;
  members: readonly Member[];
  labels: readonly Label[];
  workflow: readonly WorkflowStatus[];
}

export function namesFrom(index: Y.Doc, me: string, workflow: readonly WorkflowStatus[]): Names {
  return { me, members: listMembers(index), labels: listLabels(index), workflow };
}

/** "You", "Ben", "Ben and Mei", or "Someone" when nobody noted who. */
export function sideName(side: MergeSide, names: Names): string {
  const people = side.members.map((id) => (id === names.me ? 'you' : (names.members.find((member) => member.id === id)?.name ?? 'someone')));
  // "You" first: "You and Ben", never "Ben and you's version".
  const unique = [...new Set(people)].sort((x, y) => Number(y === 'you') - Number(x === 'you'));
  if (unique.length === 0) return 'Someone';
  const joined = unique.length === 1 ? unique[0]! : `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

/** "your", "Ben's": whose a side is, for a button's name ("Restore Ben's version"). */
export function whose(side: MergeSide, names: Names): string {
  const who = sideName(side, names);
  return who === 'You' ? 'your' : `${who}'s`;
}

/** Both sides' owners, told apart when they read the same (one person on two devices). */
export function whoseSides(record: MergeRecord, names: Names): [string, string] {
  const [a, b] = record.sides.map((side) => whose(side, names)) as [string, string];
  return a === b ? [`${a} first`, `${b} second`] : [a, b];
}

/** The sides in the order a person reads them: yours first, whichever device found the merge. */
export function sideOrder(record: MergeRecord, me: string): (0 | 1)[] {
  return record.sides[1].members.includes(me) && !record.sides[0].members.includes(me) ? [1, 0] : [0, 1];
}

const FIELD_NAMES: Record<TaskMergeField, string> = {
  title: 'Title',
  status: 'Status',
  priority: 'Priority',
  assignees: 'Assignees',
  labels: 'Labels',
  startDate: 'Start date',
  dueDate: 'Due date',
};

export function fieldName(field: TaskMergeField | null): string {
  return field ? FIELD_NAMES[field] : '';
}

/** A field's value as people read it: a status's name, people's and labels' names, "none". */
export function fieldText(field: TaskMergeField | null, value: FieldValue | undefined, names: Names): string {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return field === 'assignees' ? 'nobody' : 'none';
  if (Array.isArray(value)) {
    const named = field === 'labels' ? names.labels : names.members;
    return value.map((id) => (id === names.me && field === 'assignees' ? 'you' : (named.find((item) => item.id === id)?.name ?? 'someone'))).join(', ');
  }
  if (field === 'status') return statusName(names.workflow, value);
  if (field === 'priority') return value.charAt(0).toUpperCase() + value.slice(1);
  return value;
}

/** "Status: Ben set Blocked, you set Done — merged: Done" */
export function fieldSummary(record: MergeRecord, merged: FieldValue | undefined, names: Names): string {
  const sides = sideOrder(record, names.me)
    .map((i) => `${sideName(record.sides[i], names)} set ${fieldText(record.field, record.sides[i].value, names)}`)
    .join(', ');
  return `${fieldName(record.field)}: ${sides} — merged: ${fieldText(record.field, merged, names)}`;
}
