import type { Member, TaskPriority } from '../../../shared/model';

export const PRIORITY_NAMES: Record<TaskPriority, string> = { none: 'No priority', urgent: 'Urgent', high: 'High', medium: 'Medium', low: 'Low' };

/** A member as a menu names them: "Ann (you)" for the reader. */
export const memberName = (member: Member, me: string) => (member.id === me ? `${member.name} (you)` : member.name);
