/** Checking what a client sent to the access endpoints; every failure names the field ([R35]). */
import type { AcceptInviteRequest, CreateInviteRequest, MemberRole, SetupRequest } from '../../shared/protocol';
import { isInviteRole, isMemberRole, isValidId } from '../../shared/protocol';
import { AccessError } from './types';

export const MAX_NAME_LENGTH = 80;
export const MAX_WORKSPACE_NAME_LENGTH = 120;
export const MAX_NOTE_LENGTH = 200;
export const MAX_CODE_LENGTH = 200;
export const MAX_INVITE_SECONDS = 90 * 86_400;
export const MAX_INVITE_USES = 10_000;

function bad(message: string): AccessError {
  return new AccessError(400, 'bad-request', message);
}

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('the body must be a JSON object');
  return body as Record<string, unknown>;
}

// Control characters would let a name rewrite what the list around it shows.
// eslint-disable-next-line no-control-regex -- matching them is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') throw bad(`${field} must be a string`);
  const trimmed = value.trim();
  if (trimmed === '') throw bad(`${field} must not be empty`);
  if ([...trimmed].length > max) throw bad(`${field} must be at most ${max} characters`);
  if (CONTROL.test(trimmed)) throw bad(`${field} must not contain control characters`);
  return trimmed;
}

function optionalText(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return text(value, field, max);
}

function code(value: unknown): string {
  if (typeof value !== 'string' || value === '' || value.length > MAX_CODE_LENGTH) throw bad('code must be a non-empty string');
  return value.trim();
}

export function parseSetupRequest(body: unknown): SetupRequest {
  const b = object(body);
  if (typeof b.workspace !== 'string' || !isValidId(b.workspace)) throw bad('workspace must be a workspace id (1-64 of A-Z a-z 0-9 _ -)');
  const workspaceName = optionalText(b.workspaceName, 'workspaceName', MAX_WORKSPACE_NAME_LENGTH);
  return { code: code(b.code), workspace: b.workspace, name: text(b.name, 'name', MAX_NAME_LENGTH), ...(workspaceName ? { workspaceName } : {}) };
}

export function parseCreateInviteRequest(body: unknown): CreateInviteRequest {
  const b = object(body);
  if (!isInviteRole(b.role)) throw bad('role must be editor or viewer');
  const seconds = b.expiresInSeconds;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1 || seconds > MAX_INVITE_SECONDS) {
    throw bad(`expiresInSeconds must be a whole number from 1 to ${MAX_INVITE_SECONDS} (90 days)`);
  }
  const uses = b.maxUses ?? null;
  if (uses !== null && (typeof uses !== 'number' || !Number.isInteger(uses) || uses < 1 || uses > MAX_INVITE_USES)) {
    throw bad(`maxUses must be null or a whole number from 1 to ${MAX_INVITE_USES}`);
  }
  const note = optionalText(b.note, 'note', MAX_NOTE_LENGTH);
  return { role: b.role, expiresInSeconds: seconds, maxUses: uses, ...(note ? { note } : {}) };
}

export function parseAcceptInviteRequest(body: unknown): AcceptInviteRequest {
  const b = object(body);
  return { code: code(b.code), name: text(b.name, 'name', MAX_NAME_LENGTH) };
}

export function parseRoleChange(body: unknown): MemberRole {
  const b = object(body);
  if (!isMemberRole(b.role)) throw bad('role must be owner, editor or viewer');
  return b.role;
}
