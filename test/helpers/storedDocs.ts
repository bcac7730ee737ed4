import type { Page } from 'playwright-core';

const BATCH = 100;

/**
 * Adds one Yjs update to each named doc's database (`baton/<workspaceId>/<docId>`), exactly as
 * y-indexeddb keeps it (version 1, stores 'updates' autoIncrement and 'custom'), creating the
 * database if it is new. What the app finds there the next time it opens the doc, merged with
 * what was already stored. `page` must be on the app's origin.
 */
export async function addStoredUpdates(page: Page, docs: readonly { name: string; update: Uint8Array }[]): Promise<void> {
  for (let start = 0; start < docs.length; start += BATCH) {
    const batch = docs.slice(start, start + BATCH).map((doc) => ({ name: doc.name, data: Buffer.from(doc.update).toString('base64') }));
    // No named inner functions: the body runs in the page, outside this module.
    await page.evaluate(
      (items) =>
        Promise.all(
          items.map(
            (item) =>
              new Promise<void>((resolve, reject) => {
                const request = indexedDB.open(item.name);
                request.onupgradeneeded = () => {
                  request.result.createObjectStore('updates', { autoIncrement: true });
                  request.result.createObjectStore('custom');
                };
                request.onerror = () => reject(request.error);
                request.onsuccess = () => {
                  const db = request.result;
                  const binary = atob(item.data);
                  const bytes = new Uint8Array(binary.length);
                  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
                  const tx = db.transaction('updates', 'readwrite');
                  tx.objectStore('updates').add(bytes);
                  tx.oncomplete = () => {
                    db.close();
                    resolve();
                  };
                  tx.onerror = () => reject(tx.error);
                };
              }),
          ),
        ).then(() => undefined),
      batch,
    );
  }
}
