/**
 * [S3] A room's order of work. With a synchronous store only the load is
 * queued; after it everything runs in the calling tick and the queue stays
 * empty. While a load or an append is in
 * flight, every later message, greeting and remote update waits its turn, so
 * nobody sees (or is told the relay holds) what is not stored yet.
 */
export class SerialQueue {
  /** Settles when the last queued task has run; null when the queue is empty. */
  private tail: Promise<void> | null = null;

  /** Whether anything is queued or in flight; then new work must queue behind it. */
  get busy(): boolean {
    return this.tail !== null;
  }

  /** Runs `task` now if nothing is queued, else after everything queued before it. */
  run(task: () => void | Promise<void>): Promise<void> {
    if (this.tail === null) {
      try {
        const result = task();
        return result instanceof Promise ? this.track(result) : Promise.resolve();
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.track(this.tail.then(task));
  }

  /** Makes later work wait for `work`; returns it, failures included. */
  track(work: Promise<void>): Promise<void> {
    const tail = work.then(
      () => {},
      () => {},
    );
    this.tail = tail;
    void tail.then(() => {
      if (this.tail === tail) this.tail = null;
    });
    return work;
  }
}
