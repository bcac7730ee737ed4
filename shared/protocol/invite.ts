import { isValidId } from './rooms';

/**
 * An invite is one pasteable link carrying everything a teammate needs to
 * join: the relay URL, the workspace id and a single-purpose invite code that
 * the joining device exchanges for a token of its own (members.ts). The
 * desktop app uses `baton://join?...`; the browser build puts the same query
 * after `#join?` on its own address. Either form is accepted wherever an
 * invite is. Links made by hand around `relay token` carry a workspace token
 * instead of a code; they still work.
 */
export interface Invite {
  relayUrl: string;
  workspaceId: string;
  /** A workspace token from `relay token` (older links); '' when the link carries a code. */
  token: string;
  /** The invite code to exchange at the relay's `ACCEPT_INVITE_PATH`. */
  code?: string;
  /** The workspace's name, shown before joining; informational only. */
  workspaceName?: string;
}

export type InviteErrorReason = 'not-an-invite' | 'bad-relay-url' | 'bad-workspace-id';

export class InviteError extends Error {
  constructor(
    readonly reason: InviteErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'InviteError';
  }
}

export function isRelayUrl(value: string): boolean {
  return /^wss?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(value.trim());
}

function query(invite: Invite): string {
  const params = new URLSearchParams({ relay: invite.relayUrl, workspace: invite.workspaceId });
  if (invite.code) params.set('invite', invite.code);
  else if (invite.token) params.set('token', invite.token);
  if (invite.workspaceName) params.set('name', invite.workspaceName);
  return params.toString();
}

/** `baton://join?...` for the desktop app. */
export function formatDeepLinkInvite(invite: Invite): string {
  return `baton://join?${query(invite)}`;
}

/** `<appUrl>#join?...` for the browser build. */
export function formatWebInvite(invite: Invite, appUrl: string): string {
  return `${appUrl.split('#')[0]}#join?${query(invite)}`;
}

/** Parses any form of invite a person may paste (with or without surrounding whitespace). */
export function parseInvite(text: string): Invite {
  const trimmed = text.trim();
  let search: string | null = null;
  const hash = trimmed.indexOf('#join?');
  if (hash >= 0) search = trimmed.slice(hash + '#join?'.length);
  else if (/^baton:\/\/join\?/i.test(trimmed)) search = trimmed.slice(trimmed.indexOf('?') + 1);
  if (search === null) throw new InviteError('not-an-invite', 'That is not a Baton invite link. Ask for a new one from Share.');
  const params = new URLSearchParams(search);
  const relayUrl = params.get('relay') ?? '';
  const workspaceId = params.get('workspace') ?? '';
  if (!isRelayUrl(relayUrl)) throw new InviteError('bad-relay-url', 'The invite has no valid relay address (ws:// or wss://).');
  if (!isValidId(workspaceId)) throw new InviteError('bad-workspace-id', 'The invite names no valid workspace.');
  const name = params.get('name');
  const code = params.get('invite');
  return { relayUrl: relayUrl.trim(), workspaceId, token: params.get('token') ?? '', ...(code ? { code } : {}), ...(name ? { workspaceName: name } : {}) };
}

/**
 * What a relay prints on its first start for its administrator: the relay's
 * address and its setup code, which registers workspaces from the app
 * (`SETUP_PATH`). `baton://setup?relay=ws://H:P&code=C`.
 */
export interface SetupLink {
  relayUrl: string;
  code: string;
}

export function formatSetupLink(link: SetupLink): string {
  return `baton://setup?${new URLSearchParams({ relay: link.relayUrl, code: link.code }).toString()}`;
}

/** Parses a pasted setup link (`baton://setup?…`, or the same query after `#setup?`); null if it is not one. */
export function parseSetupLink(text: string): SetupLink | null {
  const trimmed = text.trim();
  let search: string | null = null;
  const hash = trimmed.indexOf('#setup?');
  if (hash >= 0) search = trimmed.slice(hash + '#setup?'.length);
  else if (/^baton:\/\/setup\?/i.test(trimmed)) search = trimmed.slice(trimmed.indexOf('?') + 1);
  if (search === null) return null;
  const params = new URLSearchParams(search);
  const relayUrl = (params.get('relay') ?? '').trim();
  const code = (params.get('code') ?? '').trim();
  if (!isRelayUrl(relayUrl) || !code) return null;
  return { relayUrl, code };
}
