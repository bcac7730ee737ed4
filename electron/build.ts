/**
 * Bundles the Electron main process and preload to dist/electron/{main,preload}/index.cjs.
 * Usage: tsx electron/build.ts [--watch]   (NODE_ENV=production minifies, no source maps)
 */
import { build, context } from 'esbuild';
import { buildTargets } from './build-config';

const { main, preload } = buildTargets(process.env.NODE_ENV === 'production');

if (process.argv.includes('--watch')) {
  for (const options of [main, preload]) await (await context(options)).watch();
} else {
  await Promise.all([build(main), build(preload)]);
}
