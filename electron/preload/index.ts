/**
 * Sandboxed preload: exposes BatonDesktopApi as window.baton through
 * contextBridge. Named functions only; the page never gets ipcRenderer, and the
 * channel names stay in this file and main.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { DESKTOP_API_KEY, IpcEvent, IpcInvoke } from '../../shared/protocol/ipc';
import type { BatonDesktopApi } from '../../shared/protocol/ipc';

const inviteListeners = new Set<(invite: string) => void>();
let inviteSubscription: Promise<void> | null = null;

function emitInvite(invite: string): void {
  for (const listener of inviteListeners) {
    try {
      listener(invite);
    } catch (error) {
      console.error('Invite listener failed:', error);
    }
  }
}

function subscribeToInvites(): void {
  if (inviteSubscription) return;
  ipcRenderer.on(IpcEvent.invite, (_event: IpcRendererEvent, invite: unknown) => {
    if (typeof invite === 'string') emitInvite(invite);
  });
  // Invites that arrived before anyone listened (the link that launched the app).
  inviteSubscription = (ipcRenderer.invoke(IpcInvoke.takePendingInvites) as Promise<unknown>).then(
    (pending) => {
      if (Array.isArray(pending)) for (const invite of pending) if (typeof invite === 'string') emitInvite(invite);
    },
    (error: unknown) => console.error('Could not read pending invites:', error),
  );
}

const api: BatonDesktopApi = {
  platform: process.platform,
  appVersion: () => ipcRenderer.invoke(IpcInvoke.appVersion) as Promise<string>,
  openExternal: async (url) => {
    await ipcRenderer.invoke(IpcInvoke.openExternal, String(url));
  },
  notify: async (title, body) => {
    await ipcRenderer.invoke(IpcInvoke.notify, String(title), String(body));
  },
  onInvite: (listener) => {
    if (typeof listener !== 'function') throw new TypeError('onInvite expects a function');
    // Wrap so the same function registered twice gets two independent subscriptions.
    const wrapped = (invite: string): void => listener(invite);
    inviteListeners.add(wrapped);
    subscribeToInvites();
    return () => {
      inviteListeners.delete(wrapped);
    };
  },
};

contextBridge.exposeInMainWorld(DESKTOP_API_KEY, api);
