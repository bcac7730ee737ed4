/**
 * Loads many rooms of a relay process at once, a few sockets at a time, and
 * reads its /metrics. Shared by the relay memory test (what happens, in order)
 * and `npm run bench:memory` (how much memory it takes).
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MESSAGE_SYNC } from '../../shared/protocol';
import type { RelayProcess } from './cli';
import { openRawSocket, waitForClose } from './clients';

export interface RelayGauges {
  rss: number;
  rooms: number;
  connections: number;
}

/** A few gauges of the relay's /metrics. */
export async function scrapeGauges(relay: RelayProcess): Promise<RelayGauges> {
  const text = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  return { rss: value('process_resident_memory_bytes'), rooms: value('baton_relay_rooms_loaded'), connections: value('baton_relay_connections') };
}

/** The text `touchRooms` writes to room `i`: a few KiB, like a short page. */
export function touchedText(i: number): string {
  return `Page ${i}: ${'the quick brown fox jumps over the lazy dog. '.repeat(60)}`;
}

function syncFrame(step: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/** A sync-update frame holding touchedText(i) and a map entry. */
function contentFrame(i: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('body').insert(0, touchedText(i));
  doc.getMap('meta').set('title', `page ${i}`);
  const frame = syncFrame(2, Y.encodeStateAsUpdate(doc));
  doc.destroy();
  return frame;
}

const EMPTY_STEP1 = syncFrame(0, Y.encodeStateVector(new Y.Doc()));

/**
 * Writes content to `count` rooms named `<prefix>/page-<i>`, `batch` connections
 * at a time; each connection closes once its room holds the content, and the
 * room stays loaded until the relay's idle timeout. So the rooms are loaded
 * together while few sockets are open: what shows is what rooms cost, not sockets.
 */
export async function touchRooms(relay: RelayProcess, prefix: string, count: number, batch = 50): Promise<void> {
  for (let start = 0; start < count; start += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, count - start) }, async (_, k) => {
        const i = start + k;
        const { ws } = await openRawSocket(relay.url, `${prefix}/page-${i}`);
        // The relay handles a connection's messages in order, so its step 2 answer
        // to a step 1 sent after the update means the room holds the content.
        const answered = new Promise<void>((resolve) => {
          const onMessage = (data: Buffer) => {
            if (data[0] !== MESSAGE_SYNC || data[1] !== 1) return;
            ws.off('message', onMessage);
            resolve();
          };
          ws.on('message', onMessage);
        });
        ws.send(contentFrame(i));
        ws.send(EMPTY_STEP1);
        await answered;
        const closed = waitForClose(ws);
        ws.close();
        await closed;
      }),
    );
  }
}
