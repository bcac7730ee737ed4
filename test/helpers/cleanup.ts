/**
 * Collects teardown work as a test starts things, and runs it in reverse order:
 * `const cleanup = createCleanup(); afterEach(() => cleanup.run());`
 */
export interface Cleanup {
  /** Registers a teardown step; returns `value` for chaining. */
  add<T>(fn: () => unknown, value?: T): T;
  /** Runs every registered step (last added first), even if some fail. */
  run(): Promise<void>;
}

export function createCleanup(): Cleanup {
  let steps: Array<() => unknown> = [];
  return {
    add<T>(fn: () => unknown, value?: T): T {
      steps.push(fn);
      return value as T;
    },
    async run() {
      const current = steps.reverse();
      steps = [];
      const errors: unknown[] = [];
      for (const step of current) {
        try {
          await step();
        } catch (error) {
          errors.push(error);
        }
      }
      if (errors.length > 0) throw new AggregateError(errors, 'cleanup failed');
    },
  };
}
