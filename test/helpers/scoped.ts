/**
 * The things tests start most, each undone by the test's cleanup:
 * `const relay = await relayFor(cleanup)`, `stockClientFor(cleanup, relay.url, 'w/doc')`.
 */
import type { Cleanup } from './cleanup';
import type { StockClient, StockClientOptions } from './clients';
import { connectStockClient } from './clients';
import type { TestRelay, TestRelayOptions } from './relay';
import { startTestRelay } from './relay';
import { createTempDir, removeTempDir } from './tempDir';

/** An in-process relay on a fresh data dir, closed (and the dir removed) after the test. */
export async function relayFor(cleanup: Cleanup, options: TestRelayOptions = {}): Promise<TestRelay> {
  const relay = await startTestRelay(options);
  return cleanup.add(() => relay.close(), relay);
}

/** A stock y-websocket client, destroyed after the test. */
export function stockClientFor(cleanup: Cleanup, url: string, room: string, options: StockClientOptions = {}): StockClient {
  const client = connectStockClient(url, room, options);
  return cleanup.add(() => client.destroy(), client);
}

/** An empty temp directory, removed after the test. */
export function tempDirFor(cleanup: Cleanup, prefix?: string): string {
  const dir = createTempDir(prefix);
  return cleanup.add(() => removeTempDir(dir), dir);
}
