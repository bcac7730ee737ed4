/**
 * Keystroke-to-paint in the page, the same way for every editor: from a key's keydown (its
 * event.timeStamp, when the browser took the key in) to the first frame whose DOM shows the
 * typed text at the caret, that frame's paint being over when a setTimeout(0) queued from its
 * requestAnimationFrame runs. Time to interactive: from navigation start to the paint of the
 * first frame in which the editor is editable and holds every block of the page.
 */
import type { Page } from 'playwright-core';

export const METHOD = 'keydown event.timeStamp → paint of the first frame whose DOM shows the key (requestAnimationFrame + setTimeout 0)';

interface Probe {
  samples: number[];
  typed: string;
  readyMs: number | null;
  lost: number;
}

/** Installed before any page script runs; a string, since the page cannot see this module. */
function probeScript(blocks: number): string {
  return `(() => {
  const probe = { samples: [], typed: '', readyMs: null, lost: 0 };
  window.__editorBench = probe;
  const editor = () => document.querySelector('.ProseMirror[contenteditable="true"]');
  const waitReady = () => {
    const element = editor();
    if (element && element.childElementCount >= ${blocks}) setTimeout(() => { probe.readyMs = performance.now(); }, 0);
    else requestAnimationFrame(waitReady);
  };
  requestAnimationFrame(waitReady);
  const shows = (typed) => {
    const node = getSelection() && getSelection().focusNode;
    const element = node && (node.nodeType === 3 ? node.parentElement : node);
    const block = element && element.closest('p');
    return !!block && block.textContent.replace(/\\u00a0/g, ' ').endsWith(typed);
  };
  addEventListener('keydown', (event) => {
    if (!event.isTrusted || event.key.length !== 1 || probe.readyMs === null) return;
    const start = event.timeStamp;
    probe.typed += event.key;
    const typed = probe.typed;
    const frame = () => {
      if (shows(typed)) setTimeout(() => probe.samples.push(performance.now() - start), 0);
      else if (performance.now() - start > 5000) probe.lost++;
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, true);
})();`;
}

export async function installProbe(page: Page, blocks: number): Promise<void> {
  await page.addInitScript({ content: probeScript(blocks) });
}

async function readProbe(page: Page): Promise<Probe> {
  return (await page.evaluate('window.__editorBench')) as Probe;
}

/** Milliseconds from navigation start until the editor is interactive (see above). */
export async function waitInteractive(page: Page, timeoutMs = 60_000): Promise<number> {
  await page.waitForFunction('window.__editorBench && window.__editorBench.readyMs !== null', undefined, { timeout: timeoutMs, polling: 50 });
  return (await readProbe(page)).readyMs!;
}

/** The editor's height in windows: how many screens of text the page really is. */
export async function screensOf(page: Page): Promise<number> {
  return (await page.evaluate("document.querySelector('.ProseMirror').getBoundingClientRect().height / innerHeight")) as number;
}

/** Puts the caret at the end of the middle block of the text, scrolled into view, as a click there would. */
export async function caretToMiddle(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const element = document.querySelector('.ProseMirror');
    const block = element.children[Math.floor(element.children.length / 2)];
    element.focus({ preventScroll: true });
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    let last = null;
    while (walker.nextNode()) last = walker.currentNode;
    getSelection().collapse(last, last.length);
    block.scrollIntoView({ block: 'center' });
    window.__editorBench.typed = '';
  })()`);
}

/**
 * Types `text` a key every `gapMs` (a fast typist), then waits for the last paint.
 * Returns keystroke-to-paint of each key after the first `warmup`.
 */
export async function typeAndMeasure(page: Page, text: string, warmup: number, gapMs: number): Promise<number[]> {
  for (const key of text) {
    await page.keyboard.type(key);
    await page.waitForTimeout(gapMs);
  }
  await page.waitForFunction(`window.__editorBench.samples.length + window.__editorBench.lost >= ${text.length}`, undefined, { timeout: 30_000, polling: 100 });
  const probe = await readProbe(page);
  if (probe.lost > 0) throw new Error(`${probe.lost} of ${text.length} keys never showed in the editor`);
  return probe.samples.slice(warmup);
}
