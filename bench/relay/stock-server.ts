/**
 * The stock y-websocket server (@y/websocket-server) as a process of its own,
 * for `npm run bench:relay`: its `setupWSConnection` on a ws server (serve-ws.ts).
 * Persists to LevelDB when YPERSISTENCE names a directory, exactly as the
 * package's own server does.
 */
import { setupWSConnection } from '@y/websocket-server/utils';
import { serveWebSockets } from './serve-ws';

serveWebSockets((ws, req) => setupWSConnection(ws, req));
