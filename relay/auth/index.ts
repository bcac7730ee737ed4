export type { AuthDecision, AuthGrant, Authorize, RoomRequest } from './hook';
export { allowAll } from './hook';
export { handleAuthRequest } from './endpoints';
export type { RelayAuthOption } from './open';
export { authSecret, openTokenAuth } from './open';
export type { RevocationCheck, RevocationList } from './revocations';
export { AUTH_DB_FILE_NAME, MemoryRevocationList, SqliteRevocationList } from './revocations';
export { mayRelay } from './roles';
// shared-revocations.ts (PostgreSQL and Redis) is imported from its own path, with import() where
// the relay may run without it: a value re-exported here would load it with every relay.
export type { SharedRevocation, SharedRevocationsOptions } from './shared-revocations';
export { SECRET_ENV, SECRET_FILE_NAME, SecretError, loadSecret } from './secret';
export type { IssueOptions, TokenPayload, VerifyResult } from './token';
export { DEFAULT_TTL_SECONDS, issueToken, parseTtl, renewToken, verifyToken } from './token';
export type { AuthCounters, Closable, MemberCheck, TokenAuth, TokenAuthOptions, TokenCheck } from './tokenAuth';
export { DEFAULT_AUTH_CHECK_INTERVAL_MS, createTokenAuth } from './tokenAuth';
