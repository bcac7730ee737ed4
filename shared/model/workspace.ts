import type * as Y from 'yjs';
import { ModelError } from './errors';
import { newId } from './ids';
import { Origin, type OriginName } from './origins';
import { isTimeOff } from '../time/availability';
import { isValidTimezone } from '../time/zones';
import {
  DEFAULT_WORKING_HOURS,
  IndexKey,
  SCHEMA_VERSION,
  type DayHours,
  type Label,
  type Member,
  type TimeOff,
  type WorkingHours,
  type WorkspaceMeta,
  type WorkspaceSettings,
} from './schema';
import { num, patchRecord, recordOf, str, type YRecord } from './ymap';

/** Typed access to the maps of a workspace's index doc. */
export function indexMaps(doc: Y.Doc) {
  return {
    meta: doc.getMap<unknown>(IndexKey.meta),
    members: doc.getMap<YRecord>(IndexKey.members),
    pages: doc.getMap<YRecord>(IndexKey.pages),
    labels: doc.getMap<YRecord>(IndexKey.labels),
    settings: doc.getMap<unknown>(IndexKey.settings),
    checkins: doc.getMap<YRecord>(IndexKey.checkins),
  };
}

export function write<T>(doc: Y.Doc, origin: OriginName, fn: () => T): T {
  let result!: T;
  doc.transact(() => {
    result = fn();
  }, origin);
  return result;
}

export interface NewWorkspace {
  id: string;
  name: string;
  /** Time off may be left out: a new member has none. */
  creator: Omit<Member, 'timeOff'> & { timeOff?: TimeOff[] };
}

/** Fills an empty index doc. Safe to call on a doc that already has a workspace: it changes nothing. */
export function initWorkspace(doc: Y.Doc, input: NewWorkspace, now = Date.now()): void {
  const { meta, settings, members } = indexMaps(doc);
  write(doc, Origin.setup, () => {
    if (meta.get('id') === undefined) {
      meta.set('id', input.id);
      meta.set('name', input.name);
      meta.set('createdAt', now);
      meta.set('schemaVersion', SCHEMA_VERSION);
      settings.set('defaultWorkingHours', DEFAULT_WORKING_HOURS);
      settings.set('weekStart', 1);
    }
    if (!members.has(input.creator.id)) members.set(input.creator.id, recordOf(input.creator));
  });
}

export function getMeta(doc: Y.Doc): WorkspaceMeta | null {
  const { meta } = indexMaps(doc);
  const id = meta.get('id');
  if (typeof id !== 'string') return null;
  return { id, name: String(meta.get('name') ?? ''), createdAt: Number(meta.get('createdAt') ?? 0) };
}

export function renameWorkspace(doc: Y.Doc, name: string): void {
  const trimmed = name.trim();
  if (!trimmed) throw new ModelError('invalid-input', 'A workspace needs a name.');
  write(doc, Origin.local, () => indexMaps(doc).meta.set('name', trimmed));
}

export function getSettings(doc: Y.Doc): WorkspaceSettings {
  const { settings } = indexMaps(doc);
  const hours = settings.get('defaultWorkingHours');
  return {
    defaultWorkingHours: isWorkingHours(hours) ? hours : DEFAULT_WORKING_HOURS,
    weekStart: typeof settings.get('weekStart') === 'number' ? (settings.get('weekStart') as number) : 1,
  };
}

const isMinuteOfDay = (minutes: unknown) => Number.isInteger(minutes) && (minutes as number) >= 0 && (minutes as number) <= 24 * 60;

export function isWorkingHours(value: unknown): value is WorkingHours {
  if (typeof value !== 'object' || value === null) return false;
  const hours = value as WorkingHours;
  return (
    isMinuteOfDay(hours.start) &&
    isMinuteOfDay(hours.end) &&
    Array.isArray(hours.days) &&
    hours.days.every((day) => Number.isInteger(day) && day >= 1 && day <= 7) &&
    (hours.perDay === undefined || isPerDay(hours.perDay))
  );
}

/** Hours of their own for some weekdays: keys '1'–'7', each a start and an end within one day. */
function isPerDay(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.entries(value).every(([day, hours]) => /^[1-7]$/.test(day) && typeof hours === 'object' && hours !== null && isMinuteOfDay((hours as DayHours).start) && isMinuteOfDay((hours as DayHours).end));
}

/** A member's stored hours: damaged hours of their own for some days are dropped, not the rest. */
function workingHoursOf(value: unknown): WorkingHours {
  if (isWorkingHours(value)) return value;
  if (typeof value === 'object' && value !== null && 'perDay' in value) {
    const { perDay: _damaged, ...plain } = value as WorkingHours;
    if (isWorkingHours(plain)) return plain;
  }
  return DEFAULT_WORKING_HOURS;
}

// ---- members -------------------------------------------------------------

function readMember(record: YRecord): Member {
  return {
    id: str(record, 'id'),
    name: str(record, 'name', 'Unnamed'),
    color: str(record, 'color', '#64748b'),
    timezone: str(record, 'timezone', 'UTC'),
    workingHours: workingHoursOf(record.get('workingHours')),
    timeOff: timeOffOf(record.get('timeOff')),
    joinedAt: num(record, 'joinedAt'),
  };
}

/** At most this many ranges of time off are kept per member. */
export const MAX_TIME_OFF = 50;

/** The valid ranges of what a member record holds as time off (a damaged entry is skipped, not fatal). */
function timeOffOf(value: unknown): TimeOff[] {
  return Array.isArray(value) ? value.filter(isTimeOff).map(({ start, end }) => ({ start, end })) : [];
}

export function listMembers(doc: Y.Doc): Member[] {
  return [...indexMaps(doc).members.values()].map(readMember).sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}

export function getMember(doc: Y.Doc, id: string): Member | null {
  const record = indexMaps(doc).members.get(id);
  return record ? readMember(record) : null;
}

/** Adds a member (joining a workspace) or updates the fields given. */
export function upsertMember(doc: Y.Doc, member: Partial<Member> & { id: string }, origin: OriginName = Origin.local): void {
  if (member.name !== undefined && !member.name.trim()) throw new ModelError('invalid-input', 'A name cannot be empty.');
  if (member.workingHours !== undefined && !isWorkingHours(member.workingHours)) {
    throw new ModelError('invalid-input', 'Working hours, and each day’s own hours, must be within one day.');
  }
  // An unknown zone would make every replica's clock and hours helpers throw when showing this member.
  if (member.timezone !== undefined && !isValidTimezone(member.timezone)) {
    throw new ModelError('invalid-input', `Unknown timezone "${member.timezone}"; use an IANA name such as Europe/Berlin.`);
  }
  if (member.timeOff !== undefined && (!Array.isArray(member.timeOff) || !member.timeOff.every(isTimeOff))) {
    throw new ModelError('invalid-input', 'Time off runs from a first day to a last day, the last not before the first.');
  }
  if (member.timeOff !== undefined && member.timeOff.length > MAX_TIME_OFF) throw new ModelError('invalid-input', `At most ${MAX_TIME_OFF} stretches of time off are kept; remove past ones first.`);
  const { members } = indexMaps(doc);
  write(doc, origin, () => {
    const existing = members.get(member.id);
    if (existing) patchRecord(existing, member);
    else members.set(member.id, recordOf({ workingHours: DEFAULT_WORKING_HOURS, joinedAt: Date.now(), ...member }));
  });
}

// ---- labels --------------------------------------------------------------

export function listLabels(doc: Y.Doc): Label[] {
  return [...indexMaps(doc).labels.values()]
    .map((record) => ({ id: str(record, 'id'), name: str(record, 'name'), color: str(record, 'color', '#64748b') }))
    .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}

export function createLabel(doc: Y.Doc, name: string, color: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new ModelError('invalid-input', 'A label needs a name.');
  const existing = listLabels(doc).find((label) => label.name.toLowerCase() === trimmed.toLowerCase());
  if (existing) return existing.id;
  const id = newId();
  write(doc, Origin.local, () => indexMaps(doc).labels.set(id, recordOf({ id, name: trimmed, color })));
  return id;
}
