// Layering: a folder is a runtime, and these rules keep the arrows pointing
// the right way (docs/ARCHITECTURE.md says why). A wrong import fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = { group: ['node:*'], message: 'shared/ and renderer/ must run in a browser: no Node built-ins.' };
const noElectron = { group: ['electron', 'electron/*', '**/electron/**'], message: 'Only electron/ may import Electron.' };
const noRenderer = { group: ['**/renderer/**'], message: 'Nothing imports the renderer; it imports shared/.' };
const noRelay = { group: ['**/relay/**'], message: 'The relay is its own process; share code through shared/.' };
const noReact = { group: ['react', 'react-dom', 'react/*', 'react-dom/*', '@tiptap/*'], message: 'shared/ knows nothing of the UI.' };

// Inside the renderer: app/ is the shell that composes features; features/<name>/ offer what
// they have through their index.ts only; renderer/shared/ holds what all of them use (types,
// hooks, the workspace context). So a feature never reaches into the shell or into another
// feature's files, and the shared layer knows neither.
const noShell = { regex: '^(\\.\\./)+app(/|$)', message: 'Features and renderer/shared do not import the shell (renderer/app); what they share lives in renderer/shared.' };
const featureEntryOnly = { regex: '^\\.\\./[^./][^/]*/', message: "Import another feature through its public entry ('../<feature>'), not its files." };
// A feature may offer a second entry, firstPaint.ts, for the page's first script: what it draws
// before React has loaded (no React in it, nor in what it imports).
const featureEntryOnlyFromShell = { regex: '^(\\.\\./)+features/[^/]+/(?!firstPaint$)', message: "The shell imports a feature through its public entry ('../features/<feature>', or its '../features/<feature>/firstPaint'), not its files." };
const noFeatures = { regex: '^(\\.\\./)+features(/|$)', message: 'renderer/shared is below every feature: it imports none.' };

function restrict(...patterns) {
  return { 'no-restricted-imports': ['error', { patterns }] };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.tsbuild/', 'bench/results/', 'relay-data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Name what a module offers; no export *.' }],
    },
  },
  { files: ['shared/**'], rules: restrict(nodeBuiltins, noElectron, noRenderer, noRelay, noReact) },
  { files: ['renderer/**'], ignores: ['renderer/serve.ts', 'renderer/vite.config.ts'], languageOptions: { globals: globals.browser }, rules: restrict(nodeBuiltins, noElectron, noRelay) },
  { files: ['renderer/app/**'], rules: restrict(nodeBuiltins, noElectron, noRelay, featureEntryOnlyFromShell) },
  { files: ['renderer/features/**'], rules: restrict(nodeBuiltins, noElectron, noRelay, noShell, featureEntryOnly) },
  { files: ['renderer/shared/**'], rules: restrict(nodeBuiltins, noElectron, noRelay, noShell, noFeatures) },
  { files: ['renderer/serve.ts', 'renderer/vite.config.ts'], languageOptions: { globals: globals.node } },
  { files: ['electron/**'], languageOptions: { globals: globals.node }, rules: restrict(noRenderer, noRelay) },
  { files: ['relay/**'], languageOptions: { globals: globals.node }, rules: restrict(noElectron, noRenderer) },
  { files: ['test/**', 'bench/**', '*.config.*'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
);
