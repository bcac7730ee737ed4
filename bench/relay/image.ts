/**
 * What the relay's Docker image adds to node:20-bookworm-slim, measured here
 * without Docker: the files its last stage copies (Dockerfile) — the build
 * (cli.js, the chunks it imports, package.json) and the packages left out of the
 * bundle with their dependencies, as installed in this checkout's node_modules,
 * less what the Dockerfile deletes after installing them. The addon here may be
 * compiled locally where the image gets a prebuilt one of about the same size.
 */
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
// @ts-expect-error plain JavaScript outside this project (it runs before anything is built); checked under relay/
import { CHUNKS_DIR, RUNTIME_PACKAGES } from '../../relay/build.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const BUILD_FILES = ['cli.js', 'package.json'];
/** Deleted by the Dockerfile's runtime-deps stage after `npm install`; keep the two lists together. */
const PRUNED: Record<string, string[]> = {
  'better-sqlite3': ['deps', 'src', 'build/deps', 'build/Release/obj', 'build/Release/obj.target', 'build/Release/.deps', 'build/Release/test_extension.node', 'build/Release/sqlite3.a'],
};

export interface ImageSize {
  /** The build's files, MB. */
  buildMb: number;
  /** The installed packages, MB. */
  packagesMb: number;
  totalMb: number;
  packages: string[];
}

function sizeOf(path: string, skip: Set<string>): number {
  if (skip.has(path)) return 0;
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.size;
  let bytes = 0;
  for (const entry of readdirSync(path)) {
    // A package's own node_modules holds other packages, counted (or not) on their own.
    if (entry === 'node_modules') continue;
    bytes += sizeOf(join(path, entry), skip);
  }
  return bytes;
}

/** Where Node would find `name` from a package at `from` (its own node_modules, then its parents'). */
function locate(name: string, from: string): string | null {
  for (let dir = from; dir.startsWith(ROOT); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === ROOT) break;
  }
  return null;
}

/** The packages `npm install --omit=dev` of the build's package.json puts in node_modules. */
function installed(): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (name: string, from: string) => {
    const path = locate(name, from);
    if (!path || found.has(path)) return;
    found.set(path, name);
    const manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, path);
    // Optional ones only where npm installed them for this platform.
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) if (locate(dep, path)) visit(dep, path);
  };
  for (const name of RUNTIME_PACKAGES as string[]) visit(name, ROOT);
  return found;
}

/** `relayDir`: a directory relay/build.mjs wrote. */
export function imageSize(relayDir: string): ImageSize {
  const mb = (bytes: number) => Number((bytes / 1024 / 1024).toFixed(1));
  // The chunks' JavaScript, not their source maps (the Dockerfile copies *.js alone).
  const chunks = readdirSync(join(relayDir, CHUNKS_DIR as string)).filter((file) => file.endsWith('.js')).map((file) => join(CHUNKS_DIR as string, file));
  const build = [...BUILD_FILES, ...chunks].reduce((total, file) => total + lstatSync(join(relayDir, file)).size, 0);
  let packages = 0;
  const names: string[] = [];
  for (const [path, name] of installed()) {
    packages += sizeOf(path, new Set((PRUNED[name] ?? []).map((part) => join(path, part))));
    names.push(name);
  }
  return { buildMb: mb(build), packagesMb: mb(packages), totalMb: mb(build + packages), packages: names.sort() };
}
