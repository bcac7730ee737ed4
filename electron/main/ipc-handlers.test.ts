import { describe, expect, it, vi } from 'vitest';
import { IpcInvoke } from '../../shared/protocol/ipc';
import { createIpcHandlers, IpcError, isInvokeChannel } from './ipc-handlers';

function setup() {
  const deps = {
    appVersion: vi.fn(() => '1.2.3'),
    openExternal: vi.fn(async (_url: string) => undefined),
    takePendingInvites: vi.fn((_sender: number) => ['baton://join?x']),
    notify: vi.fn((_title: string, _body: string) => undefined),
  };
  return { deps, handlers: createIpcHandlers(deps) };
}

describe('IPC handlers', () => {
  it('implement every channel of the contract', () => {
    const { handlers } = setup();
    expect(Object.keys(handlers).sort()).toEqual(Object.values(IpcInvoke).sort());
    expect(isInvokeChannel('baton:app-version')).toBe(true);
    expect(isInvokeChannel('baton:eval')).toBe(false);
  });

  it('answers the app version', async () => {
    const { handlers } = setup();
    await expect(handlers[IpcInvoke.appVersion]([], 1)).resolves.toBe('1.2.3');
  });

  it('opens only safe external URLs', async () => {
    const { deps, handlers } = setup();
    await handlers[IpcInvoke.openExternal](['https://example.com/x'], 1);
    expect(deps.openExternal).toHaveBeenCalledWith('https://example.com/x');

    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 42, { toString: () => 'https://x' }]) {
      await expect(handlers[IpcInvoke.openExternal]([bad], 1)).rejects.toMatchObject({ reason: 'refused-url' });
    }
    expect(deps.openExternal).toHaveBeenCalledTimes(1);
  });

  it('rejects wrong argument counts with a typed error', async () => {
    const { deps, handlers } = setup();
    const error = await handlers[IpcInvoke.openExternal]([], 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect(error).toMatchObject({ reason: 'bad-arguments' });
    await expect(handlers[IpcInvoke.appVersion](['extra'], 1)).rejects.toMatchObject({ reason: 'bad-arguments' });
    await expect(handlers[IpcInvoke.openExternal](['https://a.example', 'https://b.example'], 1)).rejects.toMatchObject({
      reason: 'bad-arguments',
    });
    expect(deps.openExternal).not.toHaveBeenCalled();
  });

  it('hands pending invites to the requesting webContents', async () => {
    const { deps, handlers } = setup();
    await expect(handlers[IpcInvoke.takePendingInvites]([], 7)).resolves.toEqual(['baton://join?x']);
    expect(deps.takePendingInvites).toHaveBeenCalledWith(7);
  });

  it('shows a notification with a title and a body, cut to their limits, and refuses anything else', async () => {
    const { deps, handlers } = setup();
    await handlers[IpcInvoke.notify](['Kenji mentioned you', 'x'.repeat(1_000)], 1);
    expect(deps.notify).toHaveBeenCalledWith('Kenji mentioned you', 'x'.repeat(300));
    await expect(handlers[IpcInvoke.notify]([{ title: 'x' }, 'body'], 1)).rejects.toMatchObject({ reason: 'bad-arguments' });
    await expect(handlers[IpcInvoke.notify](['only a title'], 1)).rejects.toMatchObject({ reason: 'bad-arguments' });
    expect(deps.notify).toHaveBeenCalledTimes(1);
  });
});
