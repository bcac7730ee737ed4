import type { TaskPriority } from '../../../shared/model';

export const PRIORITY_NAMES: Record<TaskPriority, string> = { none: 'No priority', urgent: 'Urgent', high: 'High', medium: 'Medium', low: 'Low' };
