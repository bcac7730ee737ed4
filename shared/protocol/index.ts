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
