import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { buildTargets } from './build-config';

async function bundle(options: Parameters<typeof build>[0]): Promise<string> {
  const result = await build({ ...options, write: false, sourcemap: false, logLevel: 'silent' });
  const js = result.outputFiles?.find((f) => f.path.endsWith('.cjs'));
  if (!js) throw new Error('no output');
  return js.text;
}

function requires(code: string): string[] {
  return [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] ?? ''))].sort();
}

describe('electron bundles', () => {
  it('the sandboxed preload is one CommonJS file that requires only electron', async () => {
    const { preload } = buildTargets(false);
    expect(preload.outfile).toMatch(/dist[/\\]electron[/\\]preload[/\\]index\.cjs$/);
    expect(requires(await bundle(preload))).toEqual(['electron']);
  });

  it('main is CommonJS with shared/ inlined and electron external', async () => {
    const { main } = buildTargets(true);
    expect(main.outfile).toMatch(/dist[/\\]electron[/\\]main[/\\]index\.cjs$/);
    const code = await bundle(main);
    expect(requires(code).filter((m) => !m.startsWith('node:'))).toEqual(['electron']);
    expect(code).toContain('baton:take-pending-invites');
  });
});
