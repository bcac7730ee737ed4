/**
 * Main-process implementation of the invoke channels in shared/protocol/ipc.ts.
 * Arguments arrive from the renderer as `unknown[]` and are validated here;
 * the Electron side effects come in as `deps`, so this file has no Electron
 * import and is unit tested.
 */
import { IpcInvoke, MAX_NOTIFICATION_BODY, MAX_NOTIFICATION_TITLE } from '../../shared/protocol/ipc';
import type { IpcInvokeChannel, IpcInvokeMap } from '../../shared/protocol/ipc';
import { isSafeExternalUrl } from './navigation';

export type IpcErrorReason = 'bad-arguments' | 'untrusted-sender' | 'refused-url' | 'unknown-channel';

export class IpcError extends Error {
  constructor(
    readonly reason: IpcErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'IpcError';
  }
}

/** Identifies the webContents that sent a request (its id). */
export type SenderId = number;

export interface IpcDeps {
  appVersion(): string;
  /** Only called with URLs that passed isSafeExternalUrl. */
  openExternal(url: string): Promise<void>;
  /** Marks `sender` as listening for invites and returns those queued for it. */
  takePendingInvites(sender: SenderId): string[];
  /** Shows a system notification; only called with strings, cut to their limits. */
  notify(title: string, body: string): void;
}

type Handler<C extends IpcInvokeChannel> = (args: readonly unknown[], sender: SenderId) => Promise<IpcInvokeMap[C]['result']>;

/** One handler per channel; the mapped type makes a missing channel a type error. */
export type IpcHandlers = { [C in IpcInvokeChannel]: Handler<C> };

function expectArgs(channel: string, args: readonly unknown[], count: number): void {
  if (args.length !== count) throw new IpcError('bad-arguments', `${channel} expects ${count} argument(s), got ${args.length}`);
}

export function createIpcHandlers(deps: IpcDeps): IpcHandlers {
  return {
    [IpcInvoke.appVersion]: async (args) => {
      expectArgs(IpcInvoke.appVersion, args, 0);
      return deps.appVersion();
    },
    [IpcInvoke.openExternal]: async (args) => {
      expectArgs(IpcInvoke.openExternal, args, 1);
      const [url] = args;
      if (!isSafeExternalUrl(url)) {
        throw new IpcError('refused-url', 'Only http(s) and mailto links can be opened outside the app.');
      }
      await deps.openExternal(url);
    },
    [IpcInvoke.takePendingInvites]: async (args, sender) => {
      expectArgs(IpcInvoke.takePendingInvites, args, 0);
      return deps.takePendingInvites(sender);
    },
    [IpcInvoke.notify]: async (args) => {
      expectArgs(IpcInvoke.notify, args, 2);
      const [title, body] = args;
      if (typeof title !== 'string' || typeof body !== 'string') throw new IpcError('bad-arguments', `${IpcInvoke.notify} expects a title and a body`);
      deps.notify(title.slice(0, MAX_NOTIFICATION_TITLE), body.slice(0, MAX_NOTIFICATION_BODY));
    },
  };
}

export function isInvokeChannel(channel: string): channel is IpcInvokeChannel {
  return (Object.values(IpcInvoke) as string[]).includes(channel);
}
