/**
 * App-wide hardening, applied to every webContents the app ever creates
 * (modelled on AFFiNE's security-restrictions.ts): no navigation away from the
 * app, no new windows, no <webview>, and only the permissions the app uses.
 */
import { app, session, shell } from 'electron';
import type { Session } from 'electron';
import { isAppUrl, isSafeExternalUrl } from './navigation';

/** Web permissions the renderer may use; everything else is denied silently. */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications', 'clipboard-sanitized-write']);

function openExternally(url: string): void {
  if (!isSafeExternalUrl(url)) return;
  shell.openExternal(url).catch((error: unknown) => console.warn('Could not open link:', error));
}

function restrictPermissions(ses: Session, origins: readonly string[]): void {
  ses.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    callback(ALLOWED_PERMISSIONS.has(permission) && isAppUrl(details.requestingUrl, origins));
  });
  ses.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => {
    return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingOrigin, origins);
  });
  // No WebHID / WebSerial / WebUSB: nothing in Baton talks to devices.
  ses.setDevicePermissionHandler(() => false);
}

export function applySecurityRestrictions(origins: readonly string[]): void {
  app.on('web-contents-created', (_event, contents) => {
    // Links in documents and comments are user content: clicking one must open
    // the browser, never replace the app (which would keep the preload API).
    contents.on('will-navigate', (event) => {
      if (isAppUrl(event.url, origins)) return;
      event.preventDefault();
      openExternally(event.url);
    });
    contents.on('will-redirect', (event) => {
      if (!isAppUrl(event.url, origins)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      openExternally(url);
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.whenReady().then(
    () => restrictPermissions(session.defaultSession, origins),
    () => undefined,
  );
}
