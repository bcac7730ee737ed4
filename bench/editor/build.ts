/**
 * Builds what `npm run bench:editor` serves, into dist/bench-editor: the app from renderer/
 * with renderer/vite.config.ts as `npm run build:renderer` builds it, and the plain TipTap
 * page (bench/editor/plain) beside it under plain/.
 *
 * The pages with review marks need the suggestion marks in the editor's schema: y-tiptap
 * deletes a paragraph whose text carries a mark the schema lacks. Until the registry lists
 * the suggestions feature, this build adds it after the registry's own features (and says so).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const BENCH_BUILD = `${root}dist/bench-editor`;
const REGISTRY = `${root}renderer/app/registry.ts`;
const VIRTUAL = '\0bench-editor-registry';

/** Whether renderer/app/registry.ts lists the suggestions feature (read from its source, as the build would). */
export function suggestionsRegistered(): boolean {
  return /editorFeatures[^=]*=\s*\[[^\]]*suggestionsFeature/.test(readFileSync(REGISTRY, 'utf8'));
}

function withSuggestions(): Plugin {
  return {
    name: 'bench-editor-registry',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer || importer.startsWith('\0') || importer === REGISTRY) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      return resolved?.id === REGISTRY ? VIRTUAL : null;
    },
    load(id) {
      if (id !== VIRTUAL) return null;
      return [
        `import { editorFeatures as listed, pageKinds } from ${JSON.stringify(REGISTRY)};`,
        `import { suggestionsFeature } from ${JSON.stringify(`${root}renderer/features/suggestions/index.ts`)};`,
        'export { pageKinds };',
        "export const editorFeatures = listed.some((feature) => feature.id === 'suggestions') ? listed : [...listed, suggestionsFeature];",
      ].join('\n');
    },
  };
}

export async function buildBench(): Promise<{ addedSuggestions: boolean }> {
  const addedSuggestions = !suggestionsRegistered();
  await build({
    configFile: `${root}renderer/vite.config.ts`,
    logLevel: 'warn',
    plugins: addedSuggestions ? [withSuggestions()] : [],
    build: { outDir: BENCH_BUILD, emptyOutDir: true },
  });
  await build({
    configFile: false,
    root: `${root}bench/editor/plain`,
    base: './',
    logLevel: 'warn',
    build: { outDir: `${BENCH_BUILD}/plain`, emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  });
  return { addedSuggestions };
}
