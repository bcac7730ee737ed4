/** Why the relay gave up on a connection or a room. */
export type RelayErrorReason = 'malformed' | 'persist-failed' | 'load-failed' | 'load-backoff' | 'state-unencodable';

export class RelayError extends Error {
  override readonly name = 'RelayError';

  constructor(
    readonly reason: RelayErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function malformed(message: string, cause?: unknown): RelayError {
  return new RelayError('malformed', message, { cause });
}
