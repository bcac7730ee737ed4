/** [R2][R6][R26] Named seeds of the room replay check (room-replay.ts); fresh seeds run in `npm run fuzz:relay`. */
import { describe, it } from 'vitest';
import { useFuzzSeed } from '../../shared/testing/seed';
import { runRoomReplay } from './room-replay';

describe('a room under fuzzed frames', () => {
  it('[R2][R6][R26] seed 4: a pending deletion merged into its neighbour, and an update Yjs refused after changing the doc', () => {
    // Found both: a stored update dropped a deletion that kept the pending record's size,
    // and a refused update's integrated part was stored together with what was pending again.
    runRoomReplay(useFuzzSeed(4));
  });
});
