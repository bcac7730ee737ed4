export { formatClock, formatOffset, isValidTimezone, systemTimezone, zonedParts } from './zones';
export type { ZonedParts } from './zones';
export { formatMinutes, isWithinWorkingHours, parseMinutes } from './hours';
export { describeDue, dueInstant, formatWeekdayTime, isOverdue, nextAtWork, placeOf } from './due';
export type { DueDescription, DueOwner } from './due';
export { addDays, addMonths, itemsByDay, monthGrid, todayIn, weekOf, weekStart } from './calendar';
