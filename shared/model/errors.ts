/** `forbidden`: the operation is someone else's to make (e.g. editing another member's comment). */
export type ModelErrorReason = 'not-found' | 'invalid-input' | 'cycle' | 'forbidden';

/** A model operation that cannot be applied; `reason` lets the UI say what to do. */
export class ModelError extends Error {
  constructor(
    readonly reason: ModelErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}
