import { describe, expect, it } from 'vitest';
import { CompactionPolicy } from './compaction-policy';

describe('CompactionPolicy', () => {
  it('[R7] is not due up to the threshold of rows, then once the bytes appended outweigh the last compaction', () => {
    const policy = new CompactionPolicy(10);
    policy.loaded(1, 1_000);
    policy.compacted(1_000);
    // Up to 10 rows: never, however many bytes.
    for (let i = 0; i < 9; i++) expect(policy.appended(5_000)).toBe(false);
    expect(policy.storedRows).toBe(10);
    expect(policy.appended(1)).toBe(true);

    // After a compaction of 10,000 bytes: 11 rows are not enough until they outweigh it.
    policy.compacted(10_000);
    const appends = [];
    do appends.push(500);
    while (!policy.appended(500));
    expect(appends.length).toBe(21);
  });

  it('[R20] a large document with small edits waits for as many bytes as it holds, so rewrites stay linear in what was edited', () => {
    const policy = new CompactionPolicy(500);
    policy.loaded(1, 100_000);
    policy.compacted(100_000);
    let appends = 1;
    while (!policy.appended(20)) appends++;
    // Just past 100,000 bytes of 20-byte edits, not 500 rows.
    expect(appends).toBe(5_001);
  });

  it('[R7] past 20x the threshold of rows it is due whatever the bytes, so loads stay quick', () => {
    const policy = new CompactionPolicy(10);
    policy.loaded(1, 1_000_000);
    policy.compacted(1_000_000);
    let appends = 1;
    while (!policy.appended(1)) appends++;
    expect(policy.storedRows).toBe(201);
    expect(appends).toBe(200);
  });

  it('[S6] a compaction whose size is not known yet is bounded by what was stored, then corrected', () => {
    const policy = new CompactionPolicy(2);
    policy.loaded(3, 900);
    policy.compactionStarted();
    expect(policy.storedRows).toBe(1);
    // Bounded by the 900 bytes stored: 3 rows of 400 are needed.
    expect([policy.appended(400), policy.appended(400), policy.appended(400)]).toEqual([false, false, true]);
    policy.compactionStarted();
    policy.mergedSize(100);
    expect([policy.appended(60), policy.appended(60)]).toEqual([false, true]);
  });

  it('[S4] rows another instance stored count as rows, not as bytes this instance appended', () => {
    const policy = new CompactionPolicy(2);
    policy.loaded(1, 10);
    policy.compacted(10);
    policy.appendedElsewhere();
    policy.appendedElsewhere();
    expect(policy.storedRows).toBe(3);
    expect(policy.appended(5)).toBe(false);
    expect(policy.appended(6)).toBe(true);
  });
});
