/**
 * The main window: secure webPreferences, restored bounds, and saving bounds
 * as the user moves and resizes it.
 */
import path from 'node:path';
import { BrowserWindow, screen } from 'electron';
import { clampToDisplays, MIN_SIZE } from './window-state';
import type { WindowState } from './window-state';
import type { WindowStateStore } from './window-state-store';

export interface MainWindowOptions {
  url: string;
  preloadPath: string;
  store: WindowStateStore;
  iconPath?: string;
}

function currentState(win: BrowserWindow): WindowState {
  // Normal bounds, not the maximized ones, so un-maximizing after a relaunch
  // returns to the size the user chose.
  const bounds = win.getNormalBounds();
  return { ...bounds, isMaximized: win.isMaximized() };
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea);
  const state = clampToDisplays(options.store.load(), workAreas);

  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Baton',
    backgroundColor: '#f7f6f3',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: {
      preload: path.resolve(options.preloadPath),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
    },
  });

  if (state.isMaximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  const save = (): void => {
    if (!win.isDestroyed() && !win.isMinimized() && !win.isFullScreen()) options.store.save(currentState(win));
  };
  win.on('resize', save);
  win.on('move', save);
  win.on('maximize', save);
  win.on('unmaximize', save);
  win.on('close', () => {
    save();
    options.store.flush();
  });

  void win.loadURL(options.url);
  return win;
}
