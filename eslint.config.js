// Layering: a folder is a runtime, and these rules keep the arrows pointing
// the right way (see ../shared/ARCHITECTURE.md). A wrong import fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = { group: ['node:*'], message: 'shared/ and renderer/ must run in a browser: no Node built-ins.' };
const noElectron = { group: ['electron', 'electron/*', '**/electron/**'], message: 'Only electron/ may import Electron.' };
const noRenderer = { group: ['**/renderer/**'], message: 'Nothing imports the renderer; it imports shared/.' };
const noRelay = { group: ['**/relay/**'], message: 'The relay is its own process; share code through shared/.' };
const noReact = { group: ['react', 'react-dom', 'react/*', 'react-dom/*', '@tiptap/*'], message: 'shared/ knows nothing of the UI.' };

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
  { files: ['renderer/serve.ts', 'renderer/vite.config.ts'], languageOptions: { globals: globals.node } },
  { files: ['electron/**'], languageOptions: { globals: globals.node }, rules: restrict(noRenderer, noRelay) },
  { files: ['relay/**'], languageOptions: { globals: globals.node }, rules: restrict(noElectron, noRenderer) },
  { files: ['test/**', 'bench/**', '*.config.*'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
);
