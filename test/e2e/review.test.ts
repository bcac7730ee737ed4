import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { comment, pageText, review, selectText, thread } from './reviewing';
import { createWorkspace, editor, goOffline, goOnline, joinFromInvite, openDevice, openPage, openSwitchedDevice, shareWithRelay, typeAtEnd, useStage, waitForSyncStatus } from './app';

const stage = useStage();
const device = (url: (relay: string) => string, timezoneId?: string) => openSwitchedDevice(stage, url, timezoneId);

function suggestion(page: Page, name: RegExp) {
  return review(page).getByRole('listitem', { name });
}

const S1 = 'We expand to Asia in spring.';
const S2 = 'Pricing stays flat for a year.';
const S3 = 'Berlin hires two engineers.';

describe('reviewing a draft across timezones', () => {
  it('three people never online together comment, suggest, reply, accept, reject, resolve and delete; all end with the same text, threads and suggestions', async () => {
    // Tokyo writes the draft and shares the workspace.
    const ana = await device(() => stage.web.url);
    await createWorkspace(ana.page, 'Ana');
    await ana.page.keyboard.press('Control+Alt+N');
    await ana.page.getByLabel('Page title').fill('Strategy');
    await typeAtEnd(ana.page, 'Strategy', `${S1} ${S2} ${S3}`);
    const invite = await shareWithRelay(ana.page, ana.net.url);
    await waitForSyncStatus(ana.page, 'synced');
    await goOffline(ana);
    const inviteVia = (relay: string) => invite.replace(encodeURIComponent(ana.net.url), encodeURIComponent(relay));

    // Beijing joins once, so London can mention her, and goes away.
    const cy = await device(inviteVia);
    await joinFromInvite(cy.page, 'Cy');
    await waitForSyncStatus(cy.page, 'synced');
    await goOffline(cy);

    // London reads the draft, then comments offline on two sentences and mentions Cy.
    const bo = await device(inviteVia);
    await joinFromInvite(bo.page, 'Bo');
    await openPage(bo.page, 'Strategy');
    await expect.poll(() => editor(bo.page, 'Strategy').innerText(), { timeout: 15_000 }).toContain(S3);
    await waitForSyncStatus(bo.page, 'synced');
    await goOffline(bo);
    await bo.page.keyboard.press('Control+Alt+R');
    await comment(bo.page, 'Pricing stays flat', 'Is a year too long?', 'Cy');
    await comment(bo.page, 'two engineers', 'Which teams?');
    await thread(bo.page, /Pricing stays flat/).getByText('@Cy').waitFor();
    // …and suggests two rewrites instead of making them.
    await bo.page.keyboard.press('Control+Alt+S');
    await expect.poll(() => bo.page.getByRole('button', { name: 'Suggest edits' }).getAttribute('aria-pressed')).toBe('true');
    // Each rewrite arrives as one input (as a paste or an input method gives it), so it is one suggestion however busy the machine.
    await selectText(bo.page, 'in spring');
    await bo.page.keyboard.insertText('by June');
    await selectText(bo.page, 'Berlin');
    await bo.page.keyboard.insertText('Porto');
    await bo.page.keyboard.press('Control+Alt+S');
    await suggestion(bo.page, /Bo suggests replacing “in spring” with “by June”/).waitFor();
    await suggestion(bo.page, /Bo suggests replacing “Berlin” with “Porto”/).waitFor();
    await goOnline(bo);
    await goOffline(bo);

    // Tokyo, still offline, deletes the sentence London commented on.
    await openPage(ana.page, 'Strategy');
    await selectText(ana.page, S2 + ' ');
    await ana.page.keyboard.press('Backspace');
    await expect.poll(() => editor(ana.page, 'Strategy').innerText()).not.toContain('Pricing');

    // Beijing picks it up later: reads, goes offline, replies and resolves.
    await goOnline(cy);
    await openPage(cy.page, 'Strategy');
    if (!(await review(cy.page).isVisible())) await cy.page.keyboard.press('Control+Alt+R');
    const pricing = thread(cy.page, /Pricing stays flat/);
    await pricing.waitFor({ timeout: 30_000 });
    // She is the one mentioned: her name is in the thread as a mention.
    await pricing.locator('.mention', { hasText: '@Cy' }).waitFor();
    await goOffline(cy);
    await pricing.click();
    await pricing.getByRole('button', { name: 'Add reaction' }).first().click();
    await pricing.getByRole('button', { name: 'React 👍' }).click();
    await pricing.getByRole('textbox', { name: 'Reply' }).pressSequentially('Six months, then review.');
    await pricing.getByRole('button', { name: 'Reply', exact: true }).click();
    await pricing.getByText('Six months, then review.').waitFor();
    await pricing.getByRole('button', { name: 'Resolve' }).click();
    await suggestion(cy.page, /replacing “in spring” with “by June”/).getByRole('button', { name: 'Accept' }).click();
    await suggestion(cy.page, /replacing “Berlin” with “Porto”/).getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => editor(cy.page, 'Strategy').innerText()).toContain('We expand to Asia by June.');
    await thread(cy.page, /Pricing stays flat/).waitFor({ state: 'hidden' });

    // Everyone reconnects.
    for (const person of [cy, ana, bo]) await goOnline(person);

    const texts: string[] = [];
    for (const person of [ana, bo, cy]) {
      const page = person.page;
      await openPage(page, 'Strategy');
      if (!(await review(page).isVisible())) await page.keyboard.press('Control+Alt+R');
      await expect.poll(() => editor(page, 'Strategy').innerText(), { timeout: 15_000 }).not.toContain('Pricing');
      texts.push(await pageText(page));
      // The open thread on 'two engineers' is highlighted in the text; the resolved one is kept, on deleted text, with its reply.
      await thread(page, /two engineers/).waitFor();
      await expect.poll(() => page.locator('.page .ProseMirror .comment-mark').allInnerTexts()).toEqual(['two engineers']);
      await review(page).getByRole('button', { name: /Show resolved \(1\)/ }).click();
      const resolved = thread(page, /Pricing stays flat.*resolved.*on deleted text/);
      await resolved.waitFor({ timeout: 15_000 });
      await resolved.getByText('Six months, then review.').waitFor();
      await resolved.getByText('Is a year too long?').waitFor();
      await resolved.getByRole('button', { name: /^👍 1: (Cy|you)$/ }).waitFor();
    }
    expect(new Set(texts).size, texts.join('\n----\n')).toBe(1);
    // Cy's decisions hold everywhere: one rewrite taken, one turned down, nothing left pending.
    expect(texts[0]).toContain('We expand to Asia by June. Berlin hires two engineers.');
    expect(texts[0]).not.toMatch(/spring|Porto/);
    for (const person of [ana, bo, cy]) {
      expect(await review(person.page).getByRole('listitem', { name: /suggests/ }).count()).toBe(0);
      expect(await person.page.getByRole('textbox', { name: 'Page content' }).locator('ins, del').count()).toBe(0);
    }
    expect([...ana.errors, ...bo.errors, ...cy.errors]).toEqual([]);
  }, 240_000);

  it('shows what people write in comments as text: markup never runs, and an oversized comment is refused with a reason', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await createWorkspace(page, 'Eve');
    await page.keyboard.press('Control+Alt+N');
    await page.getByLabel('Page title').fill('Plan');
    await typeAtEnd(page, 'Plan', 'A plan worth reviewing.');
    await page.keyboard.press('Control+Alt+R');
    const hostile = '<img src=x onerror="window.__pwned=1"> <a href="javascript:window.__pwned=2">open</a> <script>window.__pwned=3</script>';
    await selectText(page, 'worth reviewing');
    await page.keyboard.press('Control+Alt+M');
    const box = review(page).getByRole('textbox', { name: 'Comment', exact: true });
    await box.fill(hostile);
    await review(page).getByRole('button', { name: 'Post' }).click();
    const posted = thread(page, /worth reviewing/);
    await posted.getByText(hostile).waitFor();
    expect(await posted.locator('img, a, script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // Pasted markup becomes text too, and a comment over the limit is refused before it is stored.
    await posted.click();
    const reply = posted.getByRole('textbox', { name: 'Reply' });
    await reply.focus();
    await page.evaluate((html) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', 'pasted');
      document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, '<p>pasted <img src=x onerror="window.__pwned=4"></p>');
    await expect.poll(() => reply.innerText()).toContain('pasted');
    expect(await reply.locator('img').count()).toBe(0);
    // Markup typed as a suggestion is listed as text too.
    await page.getByRole('textbox', { name: 'Page content' }).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+Alt+S');
    await page.keyboard.type(' <img src=x onerror="window.__pwned=5">');
    await review(page).getByRole('listitem', { name: /suggests inserting/ }).getByText('<img src=x onerror="window.__pwned=5">').waitFor();
    expect(await review(page).locator('img').count()).toBe(0);
    await page.keyboard.press('Control+Alt+S');

    await reply.fill('x'.repeat(10_001));
    await posted.getByRole('button', { name: 'Reply', exact: true }).click();
    await posted.getByRole('alert').filter({ hasText: 'up to 10,000 characters' }).waitFor();
    expect(await posted.locator('.message').count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('moves between threads from the keyboard, in the text and in the Review panel, and a click on a highlight opens its thread', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await createWorkspace(page, 'Kai');
    await page.keyboard.press('Control+Alt+N');
    await page.getByLabel('Page title').fill('Notes');
    await typeAtEnd(page, 'Notes', `${S1} ${S2} ${S3}`);
    await comment(page, 'Asia', 'Which countries?');
    await comment(page, 'Berlin', 'Why Berlin?');
    await comment(page, 'Pricing stays flat for a year', 'Overlaps nothing else.');
    const current = () => review(page).locator('article[aria-current="true"]').getAttribute('aria-label');

    // In the text: Alt+Down from the top goes to the first thread in text order, then the next; Alt+Up goes back.
    // The click lands on the first word, not on a highlight: a click on a highlight focuses its thread
    // in the panel, and the keys after it would go there (a CI run clicked the middle, on “Berlin”).
    await page.getByRole('textbox', { name: 'Page content' }).click({ position: { x: 4, y: 4 } });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Page content');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(current).toMatch(/“Asia”/);
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe('Asia');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(current).toMatch(/“Pricing stays flat for a year”/);
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(current).toMatch(/“Asia”/);

    // In the panel: Alt+Down moves focus from one thread to the next.
    await thread(page, /“Asia”/).focus();
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/“Pricing stays flat/);
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/“Berlin”/);

    // A click on a highlight brings its thread forward.
    await page.locator('.comment-mark', { hasText: 'Berlin' }).click();
    await expect.poll(current).toMatch(/“Berlin”/);
    expect(errors).toEqual([]);
  });

  it('saves a named version, shows what changed since by whom, and restores it for everyone', async () => {
    const ana = await device(() => stage.web.url, 'Europe/London');
    await createWorkspace(ana.page, 'Ana');
    await ana.page.keyboard.press('Control+Alt+N');
    await ana.page.getByLabel('Page title').fill('Plan');
    await typeAtEnd(ana.page, 'Plan', `${S1} ${S2}`);
    const invite = await shareWithRelay(ana.page, ana.net.url);
    const bo = await device((relay) => invite.replace(encodeURIComponent(ana.net.url), encodeURIComponent(relay)), 'Asia/Tokyo');
    await joinFromInvite(bo.page, 'Bo');
    await openPage(bo.page, 'Plan');
    await expect.poll(() => pageText(bo.page), { timeout: 15_000 }).toContain(S2);

    await ana.page.keyboard.press('Control+Alt+R');
    const versions = review(ana.page).getByRole('region', { name: 'Versions' });
    await versions.getByRole('button', { name: 'Save version…' }).click();
    await ana.page.getByLabel('Version name').fill('Sent for review');
    await ana.page.getByRole('button', { name: 'Save version', exact: true }).click();
    await versions.getByRole('button', { name: /Sent for review/ }).waitFor();

    // Bo rewrites a sentence after the version was saved.
    await selectText(bo.page, 'Pricing stays flat');
    await bo.page.keyboard.type('Prices rise 5%');
    await expect.poll(() => pageText(ana.page), { timeout: 15_000 }).toContain('Prices rise 5%');

    await versions.getByRole('button', { name: /Sent for review/ }).click();
    const dialog = ana.page.getByRole('dialog', { name: 'Version “Sent for review”' });
    // Bo's words, marked as his: what he added, and (once his device has recorded it) what he removed.
    const by = (title: string) => async () => (await dialog.getByTitle(title).allInnerTexts()).join('');
    await expect.poll(by('Added by Bo')).toContain('rise 5%');
    await expect.poll(by('Removed by Bo'), { timeout: 20_000 }).toContain('stays flat');
    expect(await dialog.getByTitle('Added by Ana').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Restore this version' }).click();
    await expect.poll(() => pageText(ana.page)).toBe(`${S1} ${S2}`);
    // Restoring is an edit like any other: Bo receives it and sees the version after a reload.
    await expect.poll(() => pageText(bo.page), { timeout: 15_000 }).toBe(`${S1} ${S2}`);
    await bo.page.reload();
    await openPage(bo.page, 'Plan');
    if (!(await review(bo.page).isVisible())) await bo.page.keyboard.press('Control+Alt+R');
    const saved = review(bo.page).getByRole('region', { name: 'Versions' }).getByRole('button', { name: /Sent for review.*Ana/ });
    await saved.waitFor({ timeout: 15_000 });
    // Each reads the time in their own timezone: London and Tokyo, nine hours apart in November.
    const at = Date.parse((await saved.locator('time').getAttribute('datetime')) ?? '');
    const inZone = (timeZone: string) => new Intl.DateTimeFormat('en-US', { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', timeZone }).format(at);
    expect(await saved.locator('time').innerText()).toBe(inZone('Asia/Tokyo'));
    expect(await versions.getByRole('button', { name: /Sent for review/ }).locator('time').innerText()).toBe(inZone('Europe/London'));
    expect([...ana.errors, ...bo.errors]).toEqual([]);
  });
});
