/**
 * Desktop entry point: lifecycle, single instance, app:// scheme, security
 * restrictions, IPC and invite deep links. Bundled to dist/electron/main/index.cjs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, Notification, shell, webContents } from 'electron';
import { DEEP_LINK_SCHEME, IpcEvent } from '../../shared/protocol/ipc';
import { handleAppScheme, registerAppSchemePrivileges } from './app-protocol';
import { findDeepLink, InviteQueue } from './deep-link';
import { registerIpcHandlers } from './ipc';
import { createIpcHandlers } from './ipc-handlers';
import { allowedOrigins } from './navigation';
import { APP_ENTRY_URL } from './origin';
import { applySecurityRestrictions } from './security';
import { createMainWindow } from './window';
import { createWindowStateStore } from './window-state-store';

// Development only: load the Vite dev server instead of the built renderer.
const devServerUrl = app.isPackaged ? undefined : process.env.BATON_DEV_SERVER_URL;
const origins = allowedOrigins(devServerUrl);
const appRoot = app.getAppPath();
const invites = new InviteQueue();
let mainWindow: BrowserWindow | null = null;

function registerDeepLinkProtocol(): void {
  // When run as `electron .` the OS must launch electron with the app path,
  // otherwise a click would start a bare Electron.
  if (process.defaultApp && process.argv[1]) {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [path.resolve(process.argv[1])]);
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }
}

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function receiveDeepLink(url: string | null): void {
  if (!url) return;
  invites.push(url);
  focusMainWindow();
}

function openMainWindow(): void {
  const iconPath = path.join(appRoot, 'build', 'icon.png');
  mainWindow = createMainWindow({
    url: devServerUrl ?? APP_ENTRY_URL,
    preloadPath: path.join(appRoot, 'dist', 'electron', 'preload', 'index.cjs'),
    store: createWindowStateStore(app.getPath('userData')),
    ...(fs.existsSync(iconPath) ? { iconPath } : {}),
  });
  // A reload or navigation loads a new page that has not subscribed yet:
  // queue invites again until it does.
  mainWindow.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) invites.reset();
  });
  mainWindow.on('closed', () => {
    invites.reset();
    mainWindow = null;
  });
}

function start(): void {
  if (!app.requestSingleInstanceLock()) {
    // Another Baton is running; it receives our argv (and any invite) through 'second-instance'.
    app.quit();
    return;
  }

  registerAppSchemePrivileges();
  applySecurityRestrictions(origins);
  registerDeepLinkProtocol();

  app.on('second-instance', (_event, argv) => receiveDeepLink(findDeepLink(argv)));
  // macOS delivers deep links as an event, possibly before 'ready'.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    receiveDeepLink(url);
  });
  receiveDeepLink(findDeepLink(process.argv));

  registerIpcHandlers(
    createIpcHandlers({
      appVersion: () => app.getVersion(),
      openExternal: (url) => shell.openExternal(url),
      takePendingInvites: (sender) =>
        invites.subscribe((invite) => {
          const target = webContents.fromId(sender);
          if (target && !target.isDestroyed()) target.send(IpcEvent.invite, invite);
        }),
      // A system without notifications (some Linux desktops) shows nothing; the app lists it all the same.
      notify: (title, body) => {
        if (Notification.isSupported()) new Notification({ title, body, silent: false }).show();
      },
    }),
    origins,
  );

  app.whenReady().then(
    () => {
      handleAppScheme(path.join(appRoot, 'dist', 'renderer'));
      openMainWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
      });
    },
    (error: unknown) => {
      console.error('Baton failed to start:', error);
      app.exit(1);
    },
  );

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

start();
