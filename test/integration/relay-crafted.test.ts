/**
 * Crafted updates against the real relay, from a client with an editor token:
 * each once broke the room for everyone ([R26], [R31]); now only its sender pays.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol';
import { EMPTY_STRING_FRAME, ZERO_LENGTH_GC_FRAME, nestedArraysUpdate, updateFrame } from '../../relay/crafted';
import { createCleanup, mintToken, openRawSocket, relayFor, stockClientFor, waitForClose, waitUntil } from '../helpers';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const CRAFTED: Array<[string, Uint8Array]> = [
  ['a struct of length zero', ZERO_LENGTH_GC_FRAME],
  ['an empty string item', EMPTY_STRING_FRAME],
  ['types nested 4,000 deep, the outermost deleted', updateFrame(nestedArraysUpdate(4000, { deleteOutermost: true }))],
];

describe('crafted updates against the real relay', () => {
  for (const [what, frame] of CRAFTED) {
    it(`[R26] ${what}: the sender is closed with 4400, the room keeps working for everyone, before and after a restart`, async () => {
      const relay = await relayFor(cleanup, { auth: 'data-dir' });
      const { token } = mintToken(relay.dataDir, 'team');
      const honest = stockClientFor(cleanup, relay.url, 'team/doc', { token });
      await honest.synced();
      const statuses: string[] = [];
      honest.provider.on('status', ({ status }: { status: string }) => statuses.push(status));
      honest.doc.getText('t').insert(0, 'hello');

      const attacker = await openRawSocket(relay.url, `team/doc?token=${token}`);
      const closed = waitForClose(attacker.ws);
      attacker.ws.send(frame);
      expect((await closed).code).toBe(CloseCode.malformed);

      // Typed after the refusal: once a newcomer has it, it would have had the crafted update too.
      honest.doc.getText('t').insert(5, ' world');
      const newcomer = stockClientFor(cleanup, relay.url, 'team/doc', { token });
      await newcomer.synced();
      await waitUntil(() => newcomer.doc.getText('t').toString() === 'hello world');
      expect(statuses).not.toContain('disconnected');

      honest.destroy();
      newcomer.destroy();
      await relay.restart();
      const afterRestart = stockClientFor(cleanup, relay.url, 'team/doc', { token });
      await afterRestart.synced();
      expect(afterRestart.doc.getText('t').toString()).toBe('hello world');
    });
  }
});
