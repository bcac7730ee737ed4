import type { Member } from '../shared/model';

/** A member working 9 to 5, Monday to Friday, in `timezone`. */
export const person = (id: string, name: string, timezone: string, joinedAt: number): Member => ({
  id,
  name,
  color: '#2563eb',
  timezone,
  workingHours: { start: 9 * 60, end: 17 * 60, days: [1, 2, 3, 4, 5] },
  timeOff: [],
  joinedAt,
});
