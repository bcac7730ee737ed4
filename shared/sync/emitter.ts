export type Listener<T> = (value: T) => void;

/** The smallest observable: React reads it with useSyncExternalStore. */
export class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();

  subscribe(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
}
