/**
 * Wires the handlers of ipc-handlers.ts to ipcMain. Every request is checked
 * to come from the app's own top-level frame before its arguments are looked at.
 */
import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { IpcError, isInvokeChannel } from './ipc-handlers';
import type { IpcHandlers } from './ipc-handlers';
import { isAppUrl } from './navigation';

function assertTrustedSender(event: IpcMainInvokeEvent, origins: readonly string[]): void {
  const frame = event.senderFrame;
  // Subframes could be anything a document embeds; only the app page may call in.
  if (!frame || frame.parent !== null || !isAppUrl(frame.url, origins)) {
    throw new IpcError('untrusted-sender', 'IPC request from a frame outside the app.');
  }
}

export function registerIpcHandlers(handlers: IpcHandlers, origins: readonly string[]): void {
  for (const channel of Object.keys(handlers)) {
    if (!isInvokeChannel(channel)) continue;
    const handler = handlers[channel] as (args: readonly unknown[], sender: number) => Promise<unknown>;
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      assertTrustedSender(event, origins);
      return handler(args, event.sender.id);
    });
  }
}
