import { startStaticServer, type StaticServer } from '../../renderer/serve';

export type WebServer = StaticServer;

/** Serves the built renderer (dist/renderer) on 127.0.0.1 and a free port, as `npm run web` does. */
export function serveRenderer(): Promise<WebServer> {
  return startStaticServer();
}
