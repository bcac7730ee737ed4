// @ts-check
/**
 * Builds the relay to plain JavaScript, so it runs under `node` alone (no
 * TypeScript loader beside it, in the image or in `npm run relay`):
 *
 *   dist/relay/cli.js            relay/cli.ts, the shared/ code it uses and its
 *                                pure-JavaScript dependencies (ws, yjs…)
 *   dist/relay/chunks/*.js       what cli.js loads with import() only when scaled out
 *                                (the PostgreSQL and Redis clients, pg and ioredis)
 *   dist/relay/package.json      "type": "module" and the packages left out of the
 *                                bundle, at the versions installed here: what a
 *                                server must `npm install` beside cli.js
 *   dist/relay/meta.json         what went into the bundle, for --if-stale
 *
 * Native code cannot be bundled: better-sqlite3 stays a package. Optional
 * native add-ons the bundled packages try to load and do without (pg-native,
 * bufferutil, utf-8-validate) stay out too.
 *
 * `node relay/build.mjs [--out DIR]` builds; `--if-stale` builds only when the
 * output is missing or older than anything that went into it (what `npm run relay`
 * does first). It writes to stderr only: the relay's stdout is a token or the
 * listening line, and nothing else.
 * Plain JavaScript: it has to run before anything is built, with `node` alone.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT_DIR = join(ROOT, 'dist', 'relay');

/** Packages the built relay loads at run time; every other dependency is inside cli.js. */
export const RUNTIME_PACKAGES = ['better-sqlite3'];
/** Optional add-ons: the packages that ask for them catch the failure and carry on without. */
const OPTIONAL_NATIVE = ['pg-native', 'bufferutil', 'utf-8-validate'];
/** Where the chunks cli.js imports go, under the output directory; emptied by every build. */
export const CHUNKS_DIR = 'chunks';

/**
 * cli.ts loads the PostgreSQL and Redis clients (storage/cluster.ts,
 * auth/shared-revocations.ts, access/store-postgres.ts) with import() only when the
 * relay is scaled out: ~14 MB of resident memory once loaded, for nothing on a relay
 * that stores in SQLite. `splitting` builds them as chunks of their own, beside cli.js
 * rather than in it: V8 keeps a loaded script's whole source in the heap for as long
 * as the process runs, and theirs is more than half of what the relay bundles. They
 * stay out of cli.js only while no module it imports statically imports them (the
 * index files re-export their types alone).
 */

/**
 * Builds from `root` (a checkout: relay/, shared/, node_modules/) into `outDir`.
 * @param {{ root?: string, outDir?: string }} [options]
 * @returns {Promise<string>} the path of cli.js
 */
export async function buildRelay({ root = ROOT, outDir = DEFAULT_OUT_DIR } = {}) {
  mkdirSync(outDir, { recursive: true });
  const external = [...RUNTIME_PACKAGES, ...OPTIONAL_NATIVE];
  /** @type {import('esbuild').BuildOptions} */
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external,
    // The bundled CommonJS packages call require() for Node built-ins; an ES module has none.
    banner: { js: "import { createRequire as __relayRequire } from 'node:module'; const require = __relayRequire(import.meta.url);" },
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  };
  // Chunks are named by hash: those of an earlier build would pile up beside the new ones.
  rmSync(join(outDir, CHUNKS_DIR), { recursive: true, force: true });
  // An earlier build's SQLite thread entry: the relay no longer starts one.
  rmSync(join(outDir, 'sqlite-writer.mjs'), { force: true });
  rmSync(join(outDir, 'sqlite-writer.mjs.map'), { force: true });
  const cli = await build({
    ...common,
    entryPoints: { cli: join(root, 'relay', 'cli.ts') },
    outdir: outDir,
    splitting: true,
    chunkNames: `${CHUNKS_DIR}/[name]-[hash]`,
  });
  /** @type {Record<string, string>} */
  const dependencies = {};
  for (const name of RUNTIME_PACKAGES) dependencies[name] = installedVersion(root, name);
  const manifest = { name: 'baton-relay', private: true, type: 'module', main: 'cli.js', dependencies };
  writeFileSync(join(outDir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  // Written last: a build that stopped half-way has no meta.json and counts as stale.
  const inputs = Object.keys(cli.metafile?.inputs ?? {}).map((path) => resolve(root, path));
  inputs.push(fileURLToPath(import.meta.url), join(root, 'package.json'));
  const chunks = Object.keys(cli.metafile?.outputs ?? {})
    .map((path) => relative(outDir, resolve(root, path)))
    .filter((path) => path.startsWith(CHUNKS_DIR + sep) && path.endsWith('.js'));
  writeFileSync(join(outDir, 'meta.json'), JSON.stringify({ inputs, chunks }, null, 1) + '\n');
  return join(outDir, 'cli.js');
}

/**
 * @param {string} root
 * @param {string} name
 */
function installedVersion(root, name) {
  const manifest = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
  return String(manifest.version);
}

/**
 * Why `outDir` needs building, or null when it is up to date: a missing output, or
 * a file that went into it (relay/, shared/, a bundled package, this script) changed since.
 * @param {string} [outDir]
 * @returns {string | null}
 */
export function staleReason(outDir = DEFAULT_OUT_DIR) {
  const meta = join(outDir, 'meta.json');
  for (const file of ['cli.js', 'package.json', 'meta.json']) {
    if (!existsSync(join(outDir, file))) return `${file} is missing`;
  }
  const builtAt = statSync(meta).mtimeMs;
  /** @type {{ inputs: string[], chunks?: string[] }} */
  const { inputs, chunks = [] } = JSON.parse(readFileSync(meta, 'utf8'));
  for (const chunk of chunks) {
    if (!existsSync(join(outDir, chunk))) return `${chunk} is missing`;
  }
  for (const input of inputs) {
    // A file that is gone was renamed or deleted: whatever imported it changed too, or will fail.
    if (!existsSync(input) || statSync(input).mtimeMs > builtAt) return `${input} changed`;
  }
  return null;
}

async function main() {
  const args = process.argv.slice(2);
  const out = args[args.indexOf('--out') + 1];
  const outDir = args.includes('--out') && out ? resolve(out) : DEFAULT_OUT_DIR;
  if (args.includes('--if-stale')) {
    const reason = staleReason(outDir);
    if (reason === null) return;
    process.stderr.write(`relay: building (${reason})\n`);
  }
  const started = performance.now();
  const cli = await buildRelay({ outDir });
  process.stderr.write(`relay: built ${cli} in ${Math.round(performance.now() - started)} ms\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`relay build: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
