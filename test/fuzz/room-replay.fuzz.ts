/**
 * [R2][R6][R26] The room replay check (room-replay.ts) with a fresh seed, part of
 * `npm run fuzz:relay`. Open: about one seed in fourteen still finds a stored row
 * that replays differently from the room (e.g. 1000, 1027 with a deleted struct of
 * huge length, 1039), so it is not in `npm test` until those are fixed.
 */
import { describe, it } from 'vitest';
import { fuzzSeed, useFuzzSeed } from '../../shared/testing/seed';
import { runRoomReplay } from './room-replay';

describe('a room under fuzzed frames', () => {
  it('[R2][R6][R26] stores what replays to exactly the doc it holds (a fresh seed each run)', () => {
    runRoomReplay(useFuzzSeed(fuzzSeed()));
  });
});
