export type ModelErrorReason = 'not-found' | 'invalid-input' | 'cycle';

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
