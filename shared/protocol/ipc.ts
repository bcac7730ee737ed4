/**
 * The contract between the desktop shell (electron/main + electron/preload) and
 * the renderer. Written once here; main implements `IpcInvokeMap`, the preload
 * exposes `BatonDesktopApi` as `window.baton`, and the renderer feature-detects
 * it (the browser build has no preload, so `window.baton` is undefined there).
 *
 * Pure types and constants: no DOM, Node or Electron imports.
 */

/** The global the preload defines with contextBridge.exposeInMainWorld. */
export const DESKTOP_API_KEY = 'baton';

/** URL scheme of invite deep links, e.g. `baton://join?...`. */
export const DEEP_LINK_SCHEME = 'baton';

/** Longest deep link main forwards to the renderer; longer ones are dropped. */
export const MAX_DEEP_LINK_LENGTH = 4096;

/** Renderer → main request/response channels (ipcRenderer.invoke / ipcMain.handle). */
export const IpcInvoke = {
  appVersion: 'baton:app-version',
  openExternal: 'baton:open-external',
  /**
   * Drains invites that arrived before the renderer subscribed (e.g. the app was
   * cold-started by clicking an invite link) and marks the renderer as listening.
   */
  takePendingInvites: 'baton:take-pending-invites',
  /** Shows a system notification (a mention or handoff already delivered in the recipient's hours). */
  notify: 'baton:notify',
} as const;

/** Longest title and body main shows in a system notification; longer ones are cut. */
export const MAX_NOTIFICATION_TITLE = 120;
export const MAX_NOTIFICATION_BODY = 300;

/** Main → renderer push channels (webContents.send / ipcRenderer.on). */
export const IpcEvent = {
  invite: 'baton:invite',
} as const;

export type IpcInvokeChannel = (typeof IpcInvoke)[keyof typeof IpcInvoke];
export type IpcEventChannel = (typeof IpcEvent)[keyof typeof IpcEvent];

/**
 * Arguments and result of every invoke channel. Main validates the arguments at
 * runtime (they cross a trust boundary), so this map is what the renderer may
 * send, not what main assumes it received.
 */
export interface IpcInvokeMap {
  'baton:app-version': { args: []; result: string };
  'baton:open-external': { args: [url: string]; result: void };
  'baton:take-pending-invites': { args: []; result: string[] };
  'baton:notify': { args: [title: string, body: string]; result: void };
}

/** Payload of every push channel. */
export interface IpcEventMap {
  'baton:invite': [invite: string];
}

/** The renderer-side function for an invoke channel. */
export type IpcInvoker<C extends IpcInvokeChannel> = (...args: IpcInvokeMap[C]['args']) => Promise<IpcInvokeMap[C]['result']>;

/** Unsubscribes a listener registered through the desktop API. */
export type Unsubscribe = () => void;

/**
 * What the preload exposes as `window.baton`. Named functions only: the renderer
 * never sees ipcRenderer or a channel name.
 *
 * Renderer usage:
 * ```ts
 * declare global { interface Window { baton?: BatonDesktopApi } }
 * if (window.baton) window.baton.onInvite((invite) => ...);
 * ```
 */
export interface BatonDesktopApi {
  /** Node's `process.platform` of the desktop app: 'darwin' | 'win32' | 'linux' | ... */
  readonly platform: string;
  /** The app's version (package.json "version"). */
  appVersion: IpcInvoker<'baton:app-version'>;
  /** Opens an http(s) or mailto URL in the user's default browser; rejects anything else. */
  openExternal: IpcInvoker<'baton:open-external'>;
  /**
   * Calls `listener` with each invite deep link (`baton://...`) the OS hands the
   * app, including one that launched it before the renderer was ready. The string
   * is passed through unparsed: parsing and validating the invite (relay URL,
   * workspace id, token) is the renderer's job.
   */
  onInvite(listener: (invite: string) => void): Unsubscribe;
  /** Shows a system notification; the renderer calls it only for what was delivered in the person's working hours. */
  notify: IpcInvoker<'baton:notify'>;
}

/** True for a string main may forward as an invite: a `baton:` URL of sane length. */
export function isDeepLink(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_DEEP_LINK_LENGTH) return false;
  // Control characters have no business in a link and could confuse later parsing.
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return value.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`);
}
