export { formatClock, formatOffset, isValidTimezone, systemTimezone, zonedParts } from './zones';
export type { ZonedParts } from './zones';
export { formatMinutes, isWithinWorkingHours, parseMinutes } from './hours';
export { describeDue, dueInstant, formatWeekdayTime, isOverdue, placeOf } from './due';
export type { DueDescription, DueOwner } from './due';
