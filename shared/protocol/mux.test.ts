import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMuxFrame, encodeMuxFrame, MAX_CHANNELS, MuxDecodeError, type MuxFrame } from './mux';
import { useFuzzSeed } from '../testing/seed';

const frames: MuxFrame[] = [
  { kind: 'doc', channel: 0, message: new Uint8Array([0, 0, 1, 0]) },
  { kind: 'doc', channel: MAX_CHANNELS - 1, message: new Uint8Array([1, 1, 0]) },
  { kind: 'open', channel: 3, docId: 'index', presence: true, answer: false, since: 0, stateVector: new Uint8Array([0]) },
  { kind: 'open', channel: 300, docId: 'V1StGXR8_Z5jdHi6B-myT', presence: false, answer: true, since: 2 ** 33, stateVector: new Uint8Array([2, 5, 9, 7, 1]) },
  { kind: 'close', channel: 3, code: 4400, reason: 'malformed update' },
  { kind: 'catchUp', cursor: 0 },
  { kind: 'catchUp', cursor: 2 ** 40 },
  { kind: 'changed', cursor: 17, docIds: [] },
  { kind: 'changed', cursor: 99, docIds: ['index', 'a', 'V1StGXR8_Z5jdHi6B-myT'] },
  { kind: 'ping' },
  { kind: 'pong' },
];

function reasonOf(bytes: number[]): string {
  try {
    decodeMuxFrame(new Uint8Array(bytes));
    return 'decoded';
  } catch (error) {
    if (error instanceof MuxDecodeError) return error.reason;
    throw error;
  }
}

describe('the multiplexed wire', () => {
  it('every frame survives encoding', () => {
    for (const frame of frames) expect(decodeMuxFrame(encodeMuxFrame(frame))).toEqual(frame);
  });

  it('refuses what is not exactly one frame, with a reason', () => {
    expect(reasonOf([])).toBe('truncated');
    expect(reasonOf([9])).toBe('unknown-kind');
    expect(reasonOf([7])).toBe('unknown-kind');
    expect(reasonOf([0, 1])).toBe('truncated');
    expect(reasonOf([0, 0x80, 0x08, 0])).toBe('bad-channel');
    expect(reasonOf([1, 0, 3, 0x2f, 0x2e, 0x2e, 0])).toBe('bad-doc-id');
    expect(reasonOf([1, 0, 1, 0x61, 4])).toBe('bad-flags');
    expect(reasonOf([1, 0, 1, 0x61, 3, 0])).toBe('truncated');
    expect(reasonOf([5, 0])).toBe('trailing-bytes');
    expect(reasonOf([3, 5, 0])).toBe('trailing-bytes');
    expect(reasonOf([4, 1, 0xff, 0xff, 0x03])).toBe('truncated');
    expect(reasonOf([2, 1, 0x88])).toBe('truncated');
  });

  it('never throws anything but MuxDecodeError, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          const frame = decodeMuxFrame(bytes);
          // What decodes encodes back to a frame that decodes the same.
          expect(decodeMuxFrame(encodeMuxFrame(frame))).toEqual(frame);
        } catch (error) {
          if (!(error instanceof MuxDecodeError)) throw error;
        }
      }),
      { seed: useFuzzSeed(), numRuns: 2_000 },
    );
  });
});
