export { formatClock, formatOffset, isValidTimezone, systemTimezone, zonedParts } from './zones';
export type { ZonedParts } from './zones';
export { formatMinutes, isWithinWorkingHours, parseMinutes } from './hours';
