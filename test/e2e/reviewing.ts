/**
 * Reviewing a page as a person does: selecting its text, starting a thread on it (with an @mention),
 * and reading the Review panel. Shared by the e2e files that review drafts.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** Selects the first occurrence of `text` in the page's editor, as a drag would. */
export async function selectText(page: Page, text: string): Promise<void> {
  const found = await page.evaluate((wanted) => {
    const root = document.querySelector('.page .ProseMirror');
    if (!root) return false;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    let all = '';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push(node as Text);
      all += (node as Text).data;
    }
    const at = all.indexOf(wanted);
    if (at < 0) return false;
    const locate = (offset: number, end: boolean): [Text, number] => {
      let seen = 0;
      for (const node of nodes) {
        if (offset < seen + node.data.length || (end && offset === seen + node.data.length)) return [node, offset - seen];
        seen += node.data.length;
      }
      const last = nodes[nodes.length - 1]!;
      return [last, last.data.length];
    };
    const range = document.createRange();
    range.setStart(...locate(at, false));
    range.setEnd(...locate(at + wanted.length, true));
    (root as HTMLElement).focus();
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    return true;
  }, text);
  expect(found, `"${text}" is on the page`).toBe(true);
  // ProseMirror reads the DOM selection on selectionchange.
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe(text);
}

/** The page's text as a reader sees it, without teammates' caret labels. */
export function pageText(page: Page): Promise<string> {
  return page.getByRole('textbox', { name: 'Page content' }).evaluate((root) => {
    const copy = root.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
    return copy.innerText;
  });
}

export function review(page: Page) {
  return page.getByRole('region', { name: 'Review' });
}

export function thread(page: Page, quote: RegExp) {
  return review(page).getByRole('article', { name: quote });
}

export async function comment(page: Page, on: string, words: string, mention?: string): Promise<void> {
  await selectText(page, on);
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  const box = review(page).getByRole('textbox', { name: 'Comment', exact: true });
  await box.pressSequentially(words);
  if (mention) {
    await box.pressSequentially(` @${mention.slice(0, 2)}`);
    await review(page).getByRole('option', { name: mention }).click();
  }
  await review(page).getByRole('button', { name: 'Post' }).click();
  await thread(page, new RegExp(on.slice(0, 20))).waitFor();
}
