export { ID_PATTERN, INDEX_DOC_ID, isValidId, parseRoom, roomName } from './rooms';
export type { ParsedRoom } from './rooms';
export {
  CloseCode,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  TOKEN_PARAM,
  closeCodeName,
  isFatalClose,
} from './wire';
export type { CloseCodeName } from './wire';
export { decodeMuxFrame, encodeMuxFrame, MAX_CHANNELS, MUX_SUBPROTOCOL, MuxDecodeError, MuxKind } from './mux';
export type { MuxFrame } from './mux';
export { DEEP_LINK_SCHEME, DESKTOP_API_KEY, IpcEvent, IpcInvoke, MAX_DEEP_LINK_LENGTH, isDeepLink } from './ipc';
export type {
  BatonDesktopApi,
  IpcEventChannel,
  IpcEventMap,
  IpcInvokeChannel,
  IpcInvokeMap,
  IpcInvoker,
  Unsubscribe,
} from './ipc';
export { formatDeepLinkInvite, formatSetupLink, formatWebInvite, InviteError, isRelayUrl, parseInvite, parseSetupLink } from './invite';
export type { Invite, InviteErrorReason, SetupLink } from './invite';
export {
  ACCEPT_INVITE_PATH,
  BATON_SUBPROTOCOL,
  INVITES_PATH,
  MEMBERS_PATH,
  MEMBER_ROLES,
  SETUP_PATH,
  TOKEN_SUBPROTOCOL_PREFIX,
  invitePath,
  isInviteRole,
  isMemberRole,
  memberPath,
  tokenSubprotocols,
} from './members';
export type {
  AcceptInviteRequest,
  AccessApiErrorBody,
  AccessApiErrorReason,
  CreateInviteRequest,
  CreatedInvite,
  InviteRole,
  JoinedWorkspace,
  MemberInfo,
  MemberRole,
  PendingInvite,
  SetupRequest,
} from './members';
export {
  AUTH_REJECT_REASONS,
  AUTH_RENEW_PATH,
  AUTH_STATUS_PATH,
  TOKEN_ROLES,
  authRejectStatus,
  bearerHeader,
  isTokenRole,
  tokenRoleHint,
} from './auth';
export type { AuthErrorBody, AuthRejectReason, AuthStatus, RenewedToken, TokenRole } from './auth';
