import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { ISOLATION_HEADERS } from './serve';

const root = fileURLToPath(new URL('.', import.meta.url));

// Relative base: the same build is served from http://127.0.0.1 (npm run web)
// and from the desktop app's app://baton/ scheme.
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: process.env.BATON_RENDERER_DIR ?? fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  // Cross-origin isolated as in `npm run web` and the desktop app (renderer/app/journal.ts).
  server: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
});
