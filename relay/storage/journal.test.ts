import { appendFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal } from './journal';

const dirs: string[] = [];
const journals: Journal[] = [];
afterEach(() => {
  for (const journal of journals.splice(0)) journal.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openJournal(path = join(mkdtempSync(join(tmpdir(), 'baton-journal-')), 'relay.journal')): Journal {
  dirs.push(join(path, '..'));
  const journal = new Journal(path);
  journals.push(journal);
  return journal;
}

const records = [
  { room: 'w/a', seq: 1, data: new Uint8Array([1, 2, 3]) },
  { room: 'w/ü-док', seq: 2 ** 40, data: new Uint8Array(0) },
  { room: 'w/big', seq: 7, data: new Uint8Array(200_000).fill(5) },
];

describe('Journal [R19]', () => {
  it('reads back every record it wrote, in order, from a fresh handle', () => {
    const journal = openJournal();
    for (const record of records) journal.append(record);
    expect(openJournal(journal.path).read()).toEqual({ records, droppedBytes: 0 });
  });

  it('returns a copy of the data, so the caller may keep it after the network buffer is reused', () => {
    const journal = openJournal();
    const network = new Uint8Array([4, 5, 6]);
    const kept = journal.append({ room: 'w/a', seq: 1, data: network });
    network.fill(0);
    expect(kept).toEqual(new Uint8Array([4, 5, 6]));
  });

  it('stops at a record torn by a crash and reports the bytes it dropped', () => {
    const journal = openJournal();
    for (const record of records.slice(0, 2)) journal.append(record);
    const whole = readFileSync(journal.path).length;
    journal.append(records[2]!);
    truncateSync(journal.path, whole + 100);
    expect(openJournal(journal.path).read()).toEqual({ records: records.slice(0, 2), droppedBytes: 100 });
  });

  it('stops at a record whose checksum fails, and at garbage', () => {
    const journal = openJournal();
    journal.append(records[0]!);
    const first = readFileSync(journal.path).length;
    journal.append(records[1]!);
    const bytes = readFileSync(journal.path);
    bytes[first + 12] = bytes[first + 12]! ^ 0xff;
    writeFileSync(journal.path, bytes);
    expect(openJournal(journal.path).read()).toEqual({ records: [records[0]], droppedBytes: bytes.length - first });

    const garbage = openJournal();
    appendFileSync(garbage.path, new Uint8Array([255, 255, 255, 127, 1, 2, 3, 4, 5, 6, 7, 8]));
    expect(openJournal(garbage.path).read()).toEqual({ records: [], droppedBytes: 12 });
  });

  it('appends after clear() start from an empty file', () => {
    const journal = openJournal();
    journal.append(records[0]!);
    journal.clear();
    expect(journal.bytes).toBe(0);
    journal.append(records[1]!);
    expect(openJournal(journal.path).read().records).toEqual([records[1]]);
  });
});
