import { startPassThrough } from './passThrough';

/**
 * One device's own way to the relay: a TCP pass-through on 127.0.0.1 that can be cut and restored,
 * so a test takes one person offline while the relay stays up for everyone else.
 */
export interface NetSwitch {
  /** ws://127.0.0.1:<port>: give this to the device instead of the relay's own address. */
  url: string;
  /** Drops every open connection and refuses new ones until restored. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startNetSwitch(target: string): Promise<NetSwitch> {
  let open = true;
  const line = await startPassThrough(target, { admit: () => open });
  return {
    url: line.url,
    cut() {
      open = false;
      line.destroyAll();
    },
    restore() {
      open = true;
    },
    close() {
      open = false;
      return line.close();
    },
  };
}
