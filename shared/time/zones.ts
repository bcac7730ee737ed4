/**
 * Timezone arithmetic with the platform's Intl data only: no tz database is
 * bundled, and every runtime Baton supports (Chromium, Node 20) ships full ICU.
 */

export function isValidTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The system's IANA timezone, or UTC when the platform cannot say. */
export function systemTimezone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isValidTimezone(zone) ? zone : 'UTC';
}

export interface ZonedParts {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, format);
  }
  return format;
}

export function zonedParts(instant: number, zone: string): ZonedParts {
  const parts = formatter(zone).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return { weekday: WEEKDAYS[get('weekday')] ?? 1, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** "14:05" in the given zone. */
export function formatClock(instant: number, zone: string): string {
  const { minutes } = zonedParts(instant, zone);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** "UTC+9", "UTC-3:30" for the zone at that instant. */
export function formatOffset(instant: number, zone: string): string {
  const local = zonedParts(instant, zone);
  const utc = zonedParts(instant, 'UTC');
  let diff = local.minutes - utc.minutes + ((local.weekday - utc.weekday + 7) % 7 === 1 ? 1440 : (utc.weekday - local.weekday + 7) % 7 === 1 ? -1440 : 0);
  const sign = diff < 0 ? '-' : '+';
  diff = Math.abs(diff);
  const hours = Math.floor(diff / 60);
  const minutes = diff % 60;
  return `UTC${sign}${hours}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
}
