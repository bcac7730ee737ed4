/**
 * One cold open of the app in a fresh tab: the startup marks, the peak JS
 * heap while loading, and a check that the seeded workspace is on screen.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { ISOLATION_HEADERS } from '../renderer/serve';

export interface OpenSample {
  sidebarMs: number;
  interactiveMs: number;
  peakHeapMb: number;
  sidebarRows: number;
  taskRows: number;
  editorChars: number;
}

const SIDEBAR_MARK = 'baton:sidebar-painted';
const INTERACTIVE_MARK = 'baton:interactive';
const TIMEOUT_MS = 60_000;
const SAMPLE_EVERY_MS = 20;
const BLANK = '__bench_blank';

export class PageError extends Error {}

/** `storage` is written to localStorage before the app loads. */
/** A new tab collecting the page's errors; `landOnOrigin` then opens an empty document on the app's origin. */
export async function benchTab(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { page, errors };
}

/** An empty document on the app's origin, `storage` written to its localStorage: what the app finds when it loads next (the heap can be sampled from here too). */
export async function landOnOrigin(page: Page, url: string, storage: Record<string, string> = {}): Promise<void> {
  // With the app's own isolation headers, so the app loads in this tab's process as it does in the
  // desktop window: a tab switching process on the way in would add ~100 ms that no user sees.
  await page.route(`**/${BLANK}`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title>', headers: { ...ISOLATION_HEADERS } }));
  await page.goto(new URL(BLANK, url).href);
  await page.unroute(`**/${BLANK}`);
  await page.evaluate((entries) => {
    for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
  }, storage);
}

export async function measureOpen(context: BrowserContext, url: string, storage: Record<string, string>): Promise<OpenSample> {
  const { page, errors } = await benchTab(context);
  try {
    await landOnOrigin(page, url, storage);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        try {
          const { metrics } = await cdp.send('Performance.getMetrics');
          const used = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0;
          if (used > peak) peak = used;
        } catch {
          // Between documents the metrics call can fail; the next sample catches up.
        }
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
      }
    })();
    try {
      await page.goto(url);
      await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, INTERACTIVE_MARK, { timeout: TIMEOUT_MS, polling: 10 });
      await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, SIDEBAR_MARK, { timeout: TIMEOUT_MS, polling: 10 });
      // One more frame of work after the mark still belongs to the load.
      await page.waitForTimeout(100);
    } finally {
      sampling = false;
      await sampler;
    }
    if (errors.length > 0) throw new PageError(`page error: ${errors.join('; ')}`);
    const result = await page.evaluate(
      (names) => ({
        sidebarMs: performance.getEntriesByName(names[0])[0]!.startTime,
        interactiveMs: performance.getEntriesByName(names[1])[0]!.startTime,
        sidebarRows: document.querySelectorAll('.page-list li.page-row').length,
        taskRows: document.querySelectorAll('.task-list li.task').length,
        editorChars: document.querySelector('.page .ProseMirror')?.textContent?.length ?? 0,
      }),
      [SIDEBAR_MARK, INTERACTIVE_MARK] as const,
    );
    await cdp.detach();
    return { ...result, peakHeapMb: peak / 1024 / 1024 };
  } finally {
    await page.close();
  }
}
