import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.BATON_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, headless, with the network chatter this machine refuses turned off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Chromium on a fresh profile directory (removed by `close`), as the desktop app runs: the
 * origin's IndexedDB and file system are files on disk. A context from `launchChromium()` is
 * incognito-like and keeps them in the browser process's memory instead, where each write of the
 * origin-private file system is a round trip to that process (~2 ms here against ~0.1 ms on disk).
 */
export async function launchOnDisk(options: { viewport?: { width: number; height: number } } = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'baton-profile-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, viewport: options.viewport });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A Chromium of its own on a profile directory, as a person's browser is: it can be killed and reopened. */
export interface ProfileBrowser {
  context: BrowserContext;
  page: Page;
  /** SIGKILLs the browser and every process it started, as a crash would (the OS keeps what was written); resolves once they are gone. */
  kill(): Promise<void>;
}

/**
 * Starts Chromium as a child process in a process group of its own, on `userDataDir`,
 * opens `url` and connects over CDP. Playwright's own launch hides the process; here the
 * test holds it, so it can kill -9 the whole group at any instant.
 */
export async function launchProfile(userDataDir: string, url: string): Promise<ProfileBrowser> {
  const child = spawn(CHROMIUM_PATH, [...CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${userDataDir}`, '--hide-crash-restore-bubble', 'about:blank'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const kill = async () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await exited;
  };
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`Chromium printed no DevTools address in 30 s:\n${output}`)), 30_000);
      child.stderr!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`Chromium exited (${code}) before it listened:\n${output}`)));
    });
    // Keep draining stderr so a chatty Chromium never blocks on a full pipe.
    child.stderr!.resume();
    const browser = await chromium.connectOverCDP(endpoint);
    const context = browser.contexts()[0]!;
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(url);
    return { context, page, kill };
  } catch (error) {
    await kill();
    throw error;
  }
}
