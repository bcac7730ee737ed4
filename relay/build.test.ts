import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staleReason } from './build.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A build output as relay/build.mjs leaves it, built at `builtAt` (s) from `inputs`. */
function fakeBuild(inputs: string[], builtAt: number): string {
  const out = mkdtempSync(join(tmpdir(), 'baton-build-'));
  dirs.push(out);
  for (const file of ['cli.js', 'package.json']) writeFileSync(join(out, file), '');
  writeFileSync(join(out, 'meta.json'), JSON.stringify({ inputs }));
  utimesSync(join(out, 'meta.json'), builtAt, builtAt);
  return out;
}

function source(name: string, modifiedAt: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'baton-src-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'relay'));
  const path = join(dir, 'relay', name);
  writeFileSync(path, '');
  utimesSync(path, modifiedAt, modifiedAt);
  return path;
}

describe('staleReason (what `npm run relay` checks before running the build)', () => {
  it('is null when nothing that went into the build changed since', () => {
    const input = source('cli.ts', 1_000);
    expect(staleReason(fakeBuild([input], 2_000))).toBeNull();
  });

  it('names a source edited after the build', () => {
    const input = source('room.ts', 3_000);
    expect(staleReason(fakeBuild([source('cli.ts', 1_000), input], 2_000))).toBe(`${input} changed`);
  });

  it('names a source that is gone, and a build that is missing or stopped half-way', () => {
    const gone = join(tmpdir(), 'baton-no-such-dir', 'relay', 'gone.ts');
    expect(staleReason(fakeBuild([gone], 2_000))).toBe(`${gone} changed`);
    const half = fakeBuild([], 2_000);
    rmSync(join(half, 'meta.json'));
    expect(staleReason(half)).toBe('meta.json is missing');
    expect(staleReason(join(tmpdir(), 'baton-never-built'))).toBe('cli.js is missing');
  });
});
