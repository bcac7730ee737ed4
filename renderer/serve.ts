// `npm run web`: serves the built renderer on 127.0.0.1 and prints its URL.
// The e2e tests serve the build through the same function.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// BATON_RENDERER_DIR builds and serves elsewhere (two checkouts' builds side by side); vite.config.ts reads it too.
export const RENDERER_BUILD = resolve(process.env.BATON_RENDERER_DIR ?? fileURLToPath(new URL('../dist/renderer', import.meta.url)));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Cross-origin isolation, as the desktop app has it: the page and the journal
 * worker share memory, so a keystroke is on disk before the page moves on
 * (renderer/app/journal.ts).
 */
export const ISOLATION_HEADERS = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } as const;

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `root` (the built renderer), falling back to index.html for app routes. */
export async function startStaticServer(root = RENDERER_BUILD, host = '127.0.0.1', port = 0): Promise<StaticServer> {
  if (!existsSync(join(root, 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build:renderer` first.');
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    let file = resolve(root, '.' + normalize(path));
    if (file !== root && !file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    const stat = statSync(file);
    // The build names its scripts and styles by their content: a browser keeps them (and the code it
    // compiled from them) for good. index.html, which names them, is checked on every load.
    const hashed = file.startsWith(join(root, 'assets') + sep);
    const etag = `"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}"`;
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache', etag, ...ISOLATION_HEADERS };
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, headers).end();
      return;
    }
    response.writeHead(200, headers);
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(port, host, done));
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host}:${actual}/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const host = process.env.BATON_WEB_HOST ?? '127.0.0.1';
  const port = Number(process.env.BATON_WEB_PORT ?? process.argv[2] ?? 5173);
  startStaticServer(RENDERER_BUILD, host, port).then(
    (server) => {
      console.log(`Baton is running at ${server.url}`);
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void server.close().then(() => process.exit(0)));
    },
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
