/**
 * `npm run bench:validate`: how long the relay's validator takes to turn away
 * frames built to keep a decoder busy ([R26] in relay/SPEC.md): 20-byte frames
 * claiming 2^31 structs, clients or deletes, a string claiming 2 GiB, values
 * nested 100,000 deep, and every truncation and single-bit flip of a real
 * update; beside it, how long Yjs itself spends on the 2^31-struct frame.
 * Target: each frame rejected in under 50 ms (the slowest of every
 * repetition), a whole truncation and bit-flip pass in under 1 s. Prints a
 * table and writes bench/results/validate.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { validateAwarenessUpdate, validateStateVector, validateUpdate } from '../relay/validate-update';

const REPS = Number(process.env.BENCH_RUNS ?? 50);
const FRAME_TARGET_MS = 50;
const PASS_TARGET_MS = 1000;

function bytes(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

/** Header of an update with one client: struct count, client id, clock. */
const oneClient = (e: encoding.Encoder, structs: number) => [1, structs, 7, 0].forEach((n) => encoding.writeVarUint(e, n));

const nestedAny = (depth: number) =>
  bytes((e) => {
    oneClient(e, 1);
    encoding.writeUint8(e, 8); // ContentAny
    encoding.writeVarUint(e, 1);
    encoding.writeVarString(e, 'a');
    encoding.writeVarUint(e, 1);
    for (let i = 0; i < depth; i++) {
      encoding.writeUint8(e, 117); // [[[...
      encoding.writeVarUint(e, 1);
    }
    encoding.writeUint8(e, 126);
    encoding.writeVarUint(e, 0);
  });

const hugeStructs = bytes((e) => (oneClient(e, 2 ** 31), encoding.writeVarUint(e, 0)));

const FRAMES: { name: string; frame: Uint8Array; validate: (frame: Uint8Array) => unknown }[] = [
  { name: '2^31 structs', frame: hugeStructs, validate: validateUpdate },
  { name: '2^31 clients', frame: bytes((e) => [2 ** 31, 0].forEach((n) => encoding.writeVarUint(e, n))), validate: validateUpdate },
  { name: '2^31 deletes', frame: bytes((e) => [0, 1, 5, 2 ** 31].forEach((n) => encoding.writeVarUint(e, n))), validate: validateUpdate },
  { name: 'state vector of 2^31 clients', frame: bytes((e) => encoding.writeVarUint(e, 2 ** 31)), validate: validateStateVector },
  { name: 'awareness of 2^31 clients', frame: bytes((e) => encoding.writeVarUint(e, 2 ** 31)), validate: validateAwarenessUpdate },
  {
    name: 'string of 2 GiB',
    frame: bytes((e) => (oneClient(e, 1), encoding.writeUint8(e, 4), encoding.writeVarUint(e, 1), encoding.writeVarString(e, 't'), encoding.writeVarUint(e, 2 ** 31))),
    validate: validateUpdate,
  },
  { name: 'values nested 100,000 deep', frame: nestedAny(100_000), validate: validateUpdate },
];

function timeMs(body: () => void): number {
  const started = performance.now();
  body();
  return performance.now() - started;
}

function attempt(validate: (frame: Uint8Array) => unknown, frame: Uint8Array): boolean {
  try {
    validate(frame);
    return true;
  } catch {
    return false;
  }
}

/** Every truncation and single-bit flip of a real update, validated once each. */
function mutationPass(update: Uint8Array): void {
  for (let cut = 0; cut < update.length; cut++) if (attempt(validateUpdate, update.subarray(0, cut))) throw new Error(`a truncation to ${cut} bytes was accepted`);
  for (let bit = 0; bit < update.length * 8; bit++) {
    const mutated = update.slice();
    mutated[bit >> 3]! ^= 1 << (bit & 7);
    attempt(validateUpdate, mutated);
  }
}

function realUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'hello world', { bold: true });
  doc.getMap('m').set('k', { a: [1, 2n, 'x'] });
  doc.getArray('a').push([new Uint8Array([1, 2])]);
  doc.getText('t').delete(2, 3);
  return Y.encodeStateAsUpdate(doc);
}

interface Row {
  case: string;
  medianMs: number;
  maxMs: number;
  targetMs: number | null;
  target: 'pass' | 'fail' | null;
}

const round = (ms: number) => Number(ms.toFixed(3));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function row(name: string, times: number[], targetMs: number | null): Row {
  const max = Math.max(...times);
  return { case: name, medianMs: round(median(times)), maxMs: round(max), targetMs, target: targetMs === null ? null : max < targetMs ? 'pass' : 'fail' };
}

function main(): void {
  const rows: Row[] = [];
  for (const { name, frame, validate } of FRAMES) {
    if (attempt(validate, frame)) throw new Error(`${name}: accepted`);
    rows.push(row(`reject ${name} (${frame.length} bytes)`, Array.from({ length: REPS }, () => timeMs(() => attempt(validate, frame))), FRAME_TARGET_MS));
  }
  const update = realUpdate();
  rows.push(row(`every truncation and bit flip of a ${update.length}-byte update`, Array.from({ length: Math.min(REPS, 10) }, () => timeMs(() => mutationPass(update))), PASS_TARGET_MS));
  // For comparison only: the relay never hands Yjs a frame the validator refused.
  rows.push(row('Yjs applyUpdate on the 2^31-struct frame', Array.from({ length: Math.min(REPS, 10) }, () => timeMs(() => attempt((frame) => Y.applyUpdate(new Y.Doc(), frame), hugeStructs))), null));

  console.log(`\nValidator on crafted frames (${REPS} repetitions; target: every frame under ${FRAME_TARGET_MS} ms, a mutation pass under ${PASS_TARGET_MS} ms)\n`);
  console.table(rows.map((r) => ({ case: r.case, 'median ms': r.medianMs, 'max ms': r.maxMs, target: r.target ?? '' })));
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Number((totalmem() / 1024 ** 3).toFixed(1)), node: process.version, platform: `${process.platform}-${process.arch}` };
  const out = join(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'validate.json'), JSON.stringify({ repetitions: REPS, rows, machine, date: new Date().toISOString() }, null, 2) + '\n');
  const missed = rows.filter((r) => r.target === 'fail');
  console.log(missed.length === 0 ? 'target met' : `target missed: ${missed.map((r) => `${r.case} (max ${r.maxMs} ms)`).join(', ')}`);
  console.log('wrote bench/results/validate.json');
}

main();
