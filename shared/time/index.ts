export { formatClock, formatOffset, isValidTimezone, systemTimezone, zonedParts } from './zones';
export type { ZonedParts } from './zones';
export { formatMinutes, hasOwnDayHours, hoursOn, isWithinWorkingHours, parseMinutes } from './hours';
export { describeDue, dueAnswersOf, dueInstant, formatWeekdayTime, isOverdue, nextAtWork, placeOf, rememberDueAnswers } from './due';
export type { DueDescription, DueOwner } from './due';
export { addDays, addMonths, formatDay, itemsByDay, monthGrid, todayIn, weekOf, weekStart } from './calendar';
export { deliveryTime, describeDelivery, formatSpan, isAvailable, isTimeOff, nextAvailable, startOfDayIn, timeOffAt } from './availability';
export type { Reachable } from './availability';
