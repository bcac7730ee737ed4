/**
 * `npx tsx bench/editor/profile.ts [review|clean|plain] [screens]`: where a keystroke's time goes.
 * Builds and opens one variant as `npm run bench:editor` does, types with the CDP sampling profiler
 * on, and prints the functions with the most self time and the call paths under them (with TRACE=1,
 * the browser's own trace events instead: input handling, layout, paint; with NO_SPELLCHECK=1, the
 * editor's spellcheck off, to see what Chromium's checking while typing costs).
 */
import { writeFileSync } from 'node:fs';
import { startStaticServer } from '../../renderer/serve';
import { launchOnDisk } from '../../test/helpers/browser';
import { writeWorkspace } from '../seed';
import { BENCH_BUILD, buildBench } from './build';
import { caretToMiddle, installProbe, typeAndMeasure, waitInteractive } from './probe';
import { seedEditorPages } from './seed';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
  hitCount?: number;
}

const kind = (process.argv[2] ?? 'review') as 'review' | 'clean' | 'plain';
const screens = Number(process.argv[3] ?? 100);

async function main(): Promise<void> {
  await buildBench();
  const seeded = seedEditorPages([screens], kind === 'review' ? [screens] : [], { threads: 200, suggestions: 200 });
  writeFileSync(`${BENCH_BUILD}/plain/content-${screens}.json`, JSON.stringify(seeded.plain.get(screens)));
  const server = await startStaticServer(BENCH_BUILD);
  // On disk, as bench:editor and the desktop app run.
  const browser = await launchOnDisk({ viewport: { width: 1280, height: 860 } });
  try {
    const { context } = browser;
    const page = await context.newPage();
    await page.route('**/__bench_seed', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>seed</title>' }));
    await page.goto(new URL('__bench_seed', server.url).href);
    await writeWorkspace(page, seeded.workspace);
    const ids = seeded.pages.get(screens)!;
    await page.evaluate(([key, value]) => localStorage.setItem(key, value), [`baton:last-page:${seeded.workspace.workspaceId}`, kind === 'review' ? ids.review! : ids.clean] as const);
    await installProbe(page, seeded.blocks.get(screens)!);
    await page.goto(kind === 'plain' ? new URL(`plain/index.html?screens=${screens}`, server.url).href : server.url);
    await waitInteractive(page);
    if (process.env.NO_SPELLCHECK) await page.evaluate("document.querySelector('.ProseMirror').spellcheck = false");
    await caretToMiddle(page);
    await page.waitForTimeout(1000);
    await typeAndMeasure(page, 'warm up ', 0, 100);
    const cdp = await context.newCDPSession(page);
    if (process.env.TRACE) {
      const events: { name: string; ph: string; dur?: number; tid: number; args?: { data?: { type?: string } } }[] = [];
      cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as typeof events)));
      await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
      await page.evaluate('window.__editorBench.samples = []');
      const samples = await typeAndMeasure(page, 'the quick brown fox jumps over', 8, 100);
      const finished = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
      await cdp.send('Tracing.end');
      await finished;
      const sums = new Map<string, number>();
      for (const event of events) {
        if (event.ph !== 'X' || !event.dur) continue;
        const name = event.name === 'EventDispatch' ? `EventDispatch ${event.args?.data?.type ?? ''}` : event.name;
        sums.set(name, (sums.get(name) ?? 0) + event.dur / 1000);
      }
      console.log(`keystrokes: ${samples.map((value) => value.toFixed(1)).join(' ')}`);
      console.log([...sums].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([name, ms]) => `${ms.toFixed(1).padStart(9)} ms  ${name}`).join('\n'));
      return;
    }
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    await page.evaluate('window.__editorBench.samples = []');
    const samples = await typeAndMeasure(page, 'the quick brown fox jumps over', 8, 100);
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
    console.log(`keystrokes: ${samples.map((value) => value.toFixed(1)).join(' ')}`);
    summarise(profile.nodes, profile.timeDeltas.reduce((sum, value) => sum + value, 0) / profile.samples.length / 1000);
  } finally {
    await browser.close();
    await server.close();
  }
}

function summarise(nodes: ProfileNode[], msPerSample: number): void {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber + 1}:${node.callFrame.columnNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const node of nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    self.set(label(node), (self.get(label(node)) ?? 0) + hits);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const name = label(byId.get(id)!);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + hits);
    }
  }
  const top = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, hits]) => `${(hits * msPerSample).toFixed(1).padStart(8)} ms  ${name}`).join('\n');
  console.log(`\nself time:\n${top(self, 25)}\n\ntotal time:\n${top(total, Number(process.env.TOP ?? 45))}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
