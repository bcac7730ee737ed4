/**
 * Boots the main process against a stand-in 'electron' module (the binary is not
 * needed) and checks the wiring: what is registered before 'ready', the
 * window's webPreferences, what app:// serves, and how IPC and navigation are guarded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IpcInvoke } from '../../shared/protocol/ipc';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const appRoot = `${process.env.TMPDIR ?? '/tmp'}/baton-main-test-${process.pid}`;
  const appListeners = new Map<string, Listener[]>();
  const state = {
    appRoot,
    appListeners,
    calls: [] as string[],
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, (req: Request) => Promise<Response>>(),
    ipcHandlers: new Map<string, Listener>(),
    windows: [] as { options: Record<string, unknown>; url?: string }[],
    opened: [] as string[],
    permissionRequest: null as null | Listener,
  };
  return state;
});

vi.mock('electron', () => {
  const on = (name: string, fn: Listener): void => {
    fake.appListeners.set(name, [...(fake.appListeners.get(name) ?? []), fn]);
  };
  class BrowserWindow {
    static getAllWindows = (): unknown[] => fake.windows;
    webContents = { id: 1, on: () => undefined, isDestroyed: () => false, send: () => undefined };
    constructor(options: Record<string, unknown>) {
      fake.windows.push({ options });
    }
    on(): void {}
    once(): void {}
    maximize(): void {}
    async loadURL(url: string): Promise<void> {
      const w = fake.windows.at(-1);
      if (w) w.url = url;
    }
  }
  return {
    app: {
      isPackaged: true,
      getAppPath: () => fake.appRoot,
      getPath: () => path.join(fake.appRoot, 'userData'),
      getVersion: () => '9.9.9',
      requestSingleInstanceLock: () => {
        fake.calls.push('lock');
        return true;
      },
      setAsDefaultProtocolClient: (scheme: string) => fake.calls.push(`default-protocol:${scheme}`),
      on,
      whenReady: () => {
        fake.calls.push('whenReady');
        return Promise.resolve();
      },
      quit: () => undefined,
      exit: () => undefined,
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        fake.calls.push('register-privileged');
        fake.schemes.push(...schemes);
      },
      handle: (scheme: string, handler: (req: Request) => Promise<Response>) => {
        fake.calls.push('protocol-handle');
        fake.protocolHandlers.set(scheme, handler);
      },
    },
    ipcMain: { handle: (channel: string, fn: Listener) => fake.ipcHandlers.set(channel, fn) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Listener) => (fake.permissionRequest = fn),
        setPermissionCheckHandler: () => undefined,
        setDevicePermissionHandler: () => undefined,
      },
    },
    shell: {
      openExternal: async (url: string) => {
        fake.opened.push(url);
      },
    },
    screen: {
      getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
      getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    },
    webContents: { fromId: () => undefined },
    BrowserWindow,
  };
});

beforeAll(async () => {
  const renderer = path.join(fake.appRoot, 'dist', 'renderer');
  fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Baton</title>');
  fs.writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(fake.appRoot, 'package.json'), '{"secret":true}');
  await import('./index');
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
});

afterAll(() => {
  fs.rmSync(fake.appRoot, { recursive: true, force: true });
});

function trustedEvent(url = 'app://baton/index.html') {
  return { senderFrame: { url, parent: null }, sender: { id: 1 } };
}

describe('main process', () => {
  it('takes the single-instance lock and registers the privileged scheme before ready', () => {
    expect(fake.calls.indexOf('lock')).toBe(0);
    expect(fake.calls.indexOf('register-privileged')).toBeLessThan(fake.calls.indexOf('protocol-handle'));
    expect(fake.schemes).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) }),
    ]);
    expect(fake.calls).toContain('default-protocol:baton');
  });

  it('opens the window on app://baton with locked-down webPreferences', () => {
    const [win] = fake.windows;
    expect(win?.url).toBe('app://baton/index.html');
    expect(win?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      preload: path.join(fake.appRoot, 'dist', 'electron', 'preload', 'index.cjs'),
    });
  });

  it('serves the renderer with the CSP header and refuses to leave its directory', async () => {
    const handle = fake.protocolHandlers.get('app');
    if (!handle) throw new Error('app:// not handled');
    const index = await handle(new Request('app://baton/'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await index.text()).toContain('<title>Baton</title>');

    const js = await handle(new Request('app://baton/assets/app.js'));
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);

    expect(await (await handle(new Request('app://baton/workspace/abc'))).text()).toContain('<title>Baton</title>');
    expect((await handle(new Request('app://baton/assets/missing.js'))).status).toBe(404);
    const escape = await handle(new Request('app://baton/..%2f..%2fpackage.json'));
    expect(escape.status).toBe(403);
    expect(await escape.text()).not.toContain('secret');
    expect((await handle(new Request('app://baton/', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('answers IPC from the app frame and rejects it from anywhere else', async () => {
    const appVersion = fake.ipcHandlers.get(IpcInvoke.appVersion);
    if (!appVersion) throw new Error('no handler');
    expect(await appVersion(trustedEvent())).toBe('9.9.9');
    expect(() => appVersion(trustedEvent('https://evil.example/'))).toThrow(/outside the app/);
    expect(() => appVersion({ senderFrame: { url: 'app://baton/', parent: {} }, sender: { id: 1 } })).toThrow(/outside the app/);
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(Object.values(IpcInvoke).sort());
  });

  it('blocks navigation away from the app, denies window.open and webviews', () => {
    const listeners = new Map<string, Listener>();
    let openHandler: Listener = () => undefined;
    const contents = {
      on: (name: string, fn: Listener) => listeners.set(name, fn),
      setWindowOpenHandler: (fn: Listener) => (openHandler = fn),
    };
    for (const created of fake.appListeners.get('web-contents-created') ?? []) created({}, contents);

    const navigate = (url: string): boolean => {
      let prevented = false;
      listeners.get('will-navigate')?.({ url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(navigate('app://baton/w/1')).toBe(false);
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(openHandler({ url: 'https://example.com/doc' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fake.opened).toEqual(['https://example.com/', 'https://example.com/doc']);

    let webviewBlocked = false;
    listeners.get('will-attach-webview')?.({ preventDefault: () => (webviewBlocked = true) });
    expect(webviewBlocked).toBe(true);
  });

  it('grants notifications to the app and nothing else', () => {
    const ask = (permission: string, requestingUrl = 'app://baton/index.html'): boolean => {
      let granted: boolean | undefined;
      fake.permissionRequest?.({}, permission, (g: boolean) => (granted = g), { requestingUrl });
      return granted === true;
    };
    expect(ask('notifications')).toBe(true);
    expect(ask('media')).toBe(false);
    expect(ask('geolocation')).toBe(false);
    expect(ask('notifications', 'https://evil.example/')).toBe(false);
  });
});
