/** [R2][R6][R26] The room replay check (room-replay.ts): a fresh seed each run, and the seeds that once found a fault. */
import { describe, it } from 'vitest';
import { fuzzSeed, useFuzzSeed } from '../../shared/testing/seed';
import { runRoomReplay } from './room-replay';

describe('a room under fuzzed frames', () => {
  it('[R2][R6][R26] stores what replays to exactly the doc it holds (a fresh seed each run)', () => {
    runRoomReplay(useFuzzSeed(fuzzSeed()));
  });

  it('[R2][R6][R26] seed 4: a pending deletion merged into its neighbour, and an update Yjs refused after changing the doc', () => {
    // Found both: a stored update dropped a deletion that kept the pending record's size,
    // and a refused update's integrated part was stored together with what was pending again.
    runRoomReplay(useFuzzSeed(4));
  });

  // Seeds 1000 and 1039: an update was refused for leaving a type waiting after it let
  // earlier waiting edits integrate. Its integrated part was stored and the pending records
  // from before it put back; a replay retried those records, and so held less than the room.
  for (const seed of [1000, 1039]) {
    it(`[R6][R30] seed ${seed}: an update refused for leaving a type waiting after it let earlier waiting edits integrate`, () => {
      runRoomReplay(useFuzzSeed(seed));
    });
  }

  it('[R6][R26] seed 1027: a deleted run of length 2^31 overlapping its client\'s map entry, naming another parent', () => {
    // Yjs put the rest of the run after the entry but in the parent it named; its encoding
    // names only the entry, so a replay put it in the map and deleted the entry.
    runRoomReplay(useFuzzSeed(1027));
  });

  it('[R26] seed 3051: a mutated step 2 holding an array whose parent is its own id', () => {
    // Measuring how deep its types nest followed the parent round, holding every step, until
    // the relay ran out of memory.
    runRoomReplay(useFuzzSeed(3051));
  });

  it('[R6][R31] seed 4059: a room rebuilt from its rows in one transaction held other deletions than the rows applied one each', () => {
    // Yjs garbage-collects when a transaction ends, so a reload must end them where the room did.
    runRoomReplay(useFuzzSeed(4059));
  });
});
