/** Starting the real relay in-process for tests. */
import { memoryLogger } from '../../relay/log';
import type { LogLine } from '../../relay/log';
import type { Relay, RelayOptions } from '../../relay/server';
import { startRelay } from '../../relay/server';
import { createTempDir, removeTempDir } from './tempDir';

export interface TestRelay {
  /** The running relay; replaced by `restart()`. */
  readonly relay: Relay;
  readonly url: string;
  readonly dataDir: string;
  /** Everything the relay logged, across restarts. */
  readonly logs: LogLine[];
  /** Closes the relay and starts a new one on the same data dir (and a new port). */
  restart(): Promise<Relay>;
  /** Closes the relay and deletes its data dir (unless `keepDataDir` was given). */
  close(): Promise<void>;
}

export type TestRelayOptions = Partial<RelayOptions> & { keepDataDir?: boolean };

/** Starts a relay on 127.0.0.1, a free port and a fresh temp data dir (unless `dataDir` is given). */
export async function startTestRelay(options: TestRelayOptions = {}): Promise<TestRelay> {
  const { keepDataDir = options.dataDir !== undefined, ...relayOptions } = options;
  const dataDir = options.dataDir ?? createTempDir('baton-relay-');
  const logger = memoryLogger();
  const start = () => startRelay({ host: '127.0.0.1', port: 0, logger, ...relayOptions, dataDir });
  let relay = await start();
  let closed = false;
  return {
    get relay() {
      return relay;
    },
    get url() {
      return relay.url;
    },
    dataDir,
    logs: logger.lines,
    async restart() {
      await relay.close();
      relay = await start();
      return relay;
    },
    async close() {
      if (closed) return;
      closed = true;
      await relay.close();
      if (!keepDataDir) removeTempDir(dataDir);
    },
  };
}
