/**
 * esbuild options for main and preload, apart from build.ts so a test can
 * bundle them in memory. Both are CommonJS because the package is
 * "type": "module" and a sandboxed preload must be one self-contained CJS file:
 * shared/ code is inlined, only 'electron' stays external.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = path.join(ROOT, 'dist', 'electron');

export function buildTargets(production: boolean): { main: BuildOptions; preload: BuildOptions } {
  const common: BuildOptions = {
    bundle: true,
    format: 'cjs',
    external: ['electron'],
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: 'info',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
  };
  return {
    // Electron 41 ships Node 24 and Chromium 146; these targets are conservative.
    main: {
      ...common,
      entryPoints: [path.join(ROOT, 'electron', 'main', 'index.ts')],
      outfile: path.join(OUT_DIR, 'main', 'index.cjs'),
      platform: 'node',
      target: 'node22',
    },
    preload: {
      ...common,
      entryPoints: [path.join(ROOT, 'electron', 'preload', 'index.ts')],
      outfile: path.join(OUT_DIR, 'preload', 'index.cjs'),
      // The sandboxed preload has no Node: a browser context plus require('electron').
      platform: 'browser',
      target: 'chrome130',
    },
  };
}
