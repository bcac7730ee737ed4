/**
 * Room naming shared by the app, the relay and any stock y-websocket client:
 * a document is the room `<workspaceId>/<docId>`. Ids are URL-safe so a room
 * name never needs escaping in a websocket URL path.
 */

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The docId of a workspace's index doc (members, page tree, labels, settings). */
export const INDEX_DOC_ID = 'index';

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

export function roomName(workspaceId: string, docId: string): string {
  if (!isValidId(workspaceId)) throw new RangeError(`invalid workspace id: ${workspaceId}`);
  if (!isValidId(docId)) throw new RangeError(`invalid doc id: ${docId}`);
  return `${workspaceId}/${docId}`;
}

export interface ParsedRoom {
  workspaceId: string;
  docId: string;
}

/** Parses a room name; returns null for anything that is not `<workspaceId>/<docId>`. */
export function parseRoom(room: string): ParsedRoom | null {
  const parts = room.split('/');
  if (parts.length !== 2) return null;
  const [workspaceId, docId] = parts as [string, string];
  if (!isValidId(workspaceId) || !isValidId(docId)) return null;
  return { workspaceId, docId };
}
