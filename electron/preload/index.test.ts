import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IpcEvent, IpcInvoke } from '../../shared/protocol/ipc';
import type { BatonDesktopApi } from '../../shared/protocol/ipc';

// The real 'electron' module needs the Electron binary; the preload only uses
// contextBridge and ipcRenderer, which are stood in for here.
const electron = vi.hoisted(() => {
  const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  return {
    listeners,
    exposed: new Map<string, unknown>(),
    invoke: vi.fn(async (channel: string, ..._args: unknown[]): Promise<unknown> => {
      if (channel === 'baton:take-pending-invites') return ['baton://join?cold-start', 42];
      if (channel === 'baton:app-version') return '0.1.0';
      return undefined;
    }),
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => electron.listeners.set(channel, listener),
  },
}));

let api: BatonDesktopApi;

beforeAll(async () => {
  await import('./index');
  api = electron.exposed.get('baton') as BatonDesktopApi;
});

describe('preload', () => {
  it('exposes only the named desktop API as window.baton', () => {
    expect([...electron.exposed.keys()]).toEqual(['baton']);
    expect(Object.keys(api).sort()).toEqual(['appVersion', 'notify', 'onInvite', 'openExternal', 'platform']);
    expect(api.platform).toBe(process.platform);
  });

  it('forwards calls to their channels', async () => {
    await expect(api.appVersion()).resolves.toBe('0.1.0');
    await api.openExternal('https://example.com');
    expect(electron.invoke).toHaveBeenCalledWith(IpcInvoke.openExternal, 'https://example.com');
    await api.notify('Kenji mentioned you', 'Launch plan');
    expect(electron.invoke).toHaveBeenCalledWith(IpcInvoke.notify, 'Kenji mentioned you', 'Launch plan');
  });

  it('delivers the invite that launched the app, then live invites, until unsubscribed', async () => {
    const received: string[] = [];
    const unsubscribe = api.onInvite((invite) => received.push(invite));
    await vi.waitFor(() => expect(received).toEqual(['baton://join?cold-start']));

    const push = electron.listeners.get(IpcEvent.invite);
    push?.({}, 'baton://join?live');
    push?.({}, { not: 'a string' });
    expect(received).toEqual(['baton://join?cold-start', 'baton://join?live']);

    unsubscribe();
    push?.({}, 'baton://join?after');
    expect(received).toHaveLength(2);
    expect(electron.invoke.mock.calls.filter(([c]) => c === IpcInvoke.takePendingInvites)).toHaveLength(1);
  });
});
