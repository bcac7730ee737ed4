/**
 * The renderer's origin. It is served from a privileged custom scheme rather
 * than file:// so that its origin (and with it IndexedDB, where every workspace
 * lives) is fixed: `app://baton` regardless of where the app is installed.
 * Changing either constant orphans every user's local data.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'baton';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
