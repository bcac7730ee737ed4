/**
 * `npm run bench:editor`: keystroke-to-paint while typing into a long page, in the app as built
 * from renderer/ and stored in IndexedDB, against a plain TipTap editor with the same text:
 *  - Baton, 100 screens with 200 comment threads and 200 pending suggestions,
 *  - Baton, the same 100 screens without them, and the plain TipTap editor on them,
 *  - Baton and plain TipTap on one screen,
 *  - and, for a fair reading, plain TipTap on 100 screens with the off-screen skipping Baton's page
 *    text has (`.page-text`, content-visibility in renderer/app/styles.css).
 * Every round opens each variant in a fresh tab (its time to interactive is reported too) and
 * types the same keys at the same place; the order of variants turns each round, so the
 * machine's other load falls on all of them. Writes bench/results/editor.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchOnDisk } from '../test/helpers/browser';
import { startStaticServer } from '../renderer/serve';
import { BENCH_BUILD, buildBench } from './editor/build';
import { caretToMiddle, installProbe, METHOD, screensOf, typeAndMeasure, waitInteractive } from './editor/probe';
import { seedEditorPages, type EditorPages } from './editor/seed';
import { benchTab, landOnOrigin } from './measure';
import { writeWorkspace } from './seed';
import { compare, quantile, spread, type Comparison } from './stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const KEYS = Number(process.env.BENCH_KEYS ?? 40);
const WARMUP = 5;
const GAP_MS = 100;
const COUNTS = { threads: 200, suggestions: 200 };
const LONG = 100;
const SIZES = [LONG, 1];
/** With the review marks, p95 at most this many times plain TipTap's p95 on the same text. */
const TARGET_RATIO = 1.1;
const VIEWPORT = { width: 1280, height: 860 };
const PHRASE = ' the quick brown fox jumps over the lazy dog and';

type Editor = 'baton' | 'plain' | 'plain-skipping';
interface Variant {
  editor: Editor;
  screens: number;
  review: boolean;
}

interface Row extends Variant {
  threads: number;
  suggestions: number;
  keystrokes: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  interactiveMedianMs: number;
  interactiveMaxMs: number;
  screensMeasured: number;
  /** The review-marked page against plain TipTap's p95 on the same text; null for the rows it compares with. */
  target: 'pass' | 'fail' | null;
  targetP95Ms: number | null;
  /** Baton against plain TipTap on the same text: p50 and p95 ratios, and every keystroke of one against every one of the other (bench/stats.ts). */
  vsPlain: (Comparison & { p50Ratio: number; p95Ratio: number }) | null;
  samplesMs: number[];
  interactiveMs: number[];
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const name = (variant: Variant) =>
  variant.editor === 'plain'
    ? 'plain TipTap'
    : variant.editor === 'plain-skipping'
      ? "plain TipTap, skipping off-screen blocks as Baton's page does"
      : variant.review ? `Baton, ${COUNTS.threads} threads + ${COUNTS.suggestions} suggestions` : 'Baton';
const variantsFor = (screens: number): Variant[] => [
  ...(screens === LONG ? [{ editor: 'baton' as const, screens, review: true }] : []),
  { editor: 'baton', screens, review: false },
  { editor: 'plain', screens, review: false },
  ...(screens === LONG ? [{ editor: 'plain-skipping' as const, screens, review: false }] : []),
];

async function openAndType(context: BrowserContext, url: string, seeded: EditorPages, variant: Variant): Promise<{ interactiveMs: number; samples: number[]; screens: number }> {
  const { page, errors } = await benchTab(context);
  try {
    const ids = seeded.pages.get(variant.screens)!;
    const pageId = variant.review ? ids.review! : ids.clean;
    await landOnOrigin(page, url, { [`baton:last-page:${seeded.workspace.workspaceId}`]: pageId });
    await installProbe(page, seeded.blocks.get(variant.screens)!);
    await page.goto(variant.editor === 'baton' ? url : new URL(`plain/index.html?screens=${variant.screens}${variant.editor === 'plain-skipping' ? '&skip=1' : ''}`, url).href);
    const interactiveMs = await waitInteractive(page);
    const screens = await screensOf(page);
    await caretToMiddle(page);
    await page.waitForTimeout(500);
    const text = PHRASE.repeat(Math.ceil((KEYS + WARMUP) / PHRASE.length)).slice(0, KEYS + WARMUP);
    const samples = await typeAndMeasure(page, text, WARMUP, GAP_MS);
    if (errors.length > 0) throw new Error(`page error in ${name(variant)}: ${errors.join('; ')}`);
    return { interactiveMs, samples, screens };
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  const { addedSuggestions } = await buildBench();
  const seeded = seedEditorPages(SIZES, [LONG], COUNTS);
  for (const [screens, content] of seeded.plain) writeFileSync(join(BENCH_BUILD, 'plain', `content-${screens}.json`), JSON.stringify(content));
  const server = await startStaticServer(BENCH_BUILD);
  // A profile on disk, as the desktop app has: an incognito context keeps IndexedDB and the
  // journal's files in memory, behind a round trip to the browser process for every write.
  const browser = await launchOnDisk({ viewport: VIEWPORT });
  const load = [loadavg()[0]!];
  const variants = SIZES.flatMap(variantsFor);
  const runs = new Map<Variant, { samples: number[]; interactive: number[]; screens: number[] }>(variants.map((variant) => [variant, { samples: [], interactive: [], screens: [] }]));
  try {
    const { context } = browser;
    const seeder = await context.newPage();
    await seeder.route('**/__bench_seed', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>seed</title>' }));
    await seeder.goto(new URL('__bench_seed', server.url).href);
    await writeWorkspace(seeder, seeded.workspace);
    await seeder.close();
    for (let r = 0; r < ROUNDS; r++) {
      const order = variants.map((_, i) => variants[(i + r) % variants.length]!);
      for (const variant of order) {
        const result = await openAndType(context, server.url, seeded, variant);
        const run = runs.get(variant)!;
        run.samples.push(...result.samples);
        run.interactive.push(result.interactiveMs);
        run.screens.push(result.screens);
      }
      process.stderr.write(`  round ${r + 1} of ${ROUNDS} done\n`);
    }
    load.push(loadavg()[0]!);
    report(variants, runs, context.browser()?.version() ?? (await chromiumVersion(context)), addedSuggestions, load);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** A persistent context has no Browser object to ask; the page's user agent names the version. */
async function chromiumVersion(context: BrowserContext): Promise<string> {
  const page = await context.newPage();
  try {
    return /Chrome\/([\d.]+)/.exec(await page.evaluate(() => navigator.userAgent))?.[1] ?? 'unknown';
  } finally {
    await page.close();
  }
}

function report(variants: Variant[], runs: Map<Variant, { samples: number[]; interactive: number[]; screens: number[] }>, chromium: string, addedSuggestions: boolean, load: number[]): void {
  const p95Of = (variant: Variant) => quantile([...runs.get(variant)!.samples].sort((a, b) => a - b), 0.95);
  const rows: Row[] = variants.map((variant) => {
    const run = runs.get(variant)!;
    const keys = spread(run.samples);
    const sorted = [...run.samples].sort((a, b) => a - b);
    const plain = variants.find((other) => other.editor === 'plain' && other.screens === variant.screens)!;
    const limit = variant.review ? TARGET_RATIO * p95Of(plain) : null;
    const plainSamples = runs.get(plain)!.samples;
    const vsPlain =
      variant.editor === 'plain'
        ? null
        : { p50Ratio: round(keys.median / spread(plainSamples).median, 2), p95Ratio: round(quantile(sorted, 0.95) / p95Of(plain), 2), ...compare(run.samples, plainSamples, 'lower') };
    return {
      ...variant,
      threads: variant.review ? COUNTS.threads : 0,
      suggestions: variant.review ? COUNTS.suggestions : 0,
      keystrokes: keys.n,
      p50Ms: round(keys.median),
      p95Ms: round(quantile(sorted, 0.95)),
      maxMs: round(keys.max),
      interactiveMedianMs: round(spread(run.interactive).median, 0),
      interactiveMaxMs: round(spread(run.interactive).max, 0),
      screensMeasured: round(spread(run.screens).median),
      target: limit === null ? null : quantile(sorted, 0.95) <= limit ? 'pass' : 'fail',
      targetP95Ms: limit === null ? null : round(limit),
      vsPlain: vsPlain && { ...vsPlain, pBeat: round(vsPlain.pBeat, 2), p: Number(vsPlain.p.toPrecision(2)) },
      samplesMs: run.samples.map((value) => round(value)),
      interactiveMs: run.interactive.map((value) => round(value, 0)),
    };
  });
  console.log(`\nTyping into a page (${ROUNDS} rounds × ${KEYS} keys per variant after ${WARMUP} warm-up keys, a key every ${GAP_MS} ms; variants interleaved)`);
  console.log(`keystroke-to-paint: ${METHOD}`);
  console.log(`target: with ${COUNTS.threads} threads and ${COUNTS.suggestions} suggestions, p95 ≤ ${TARGET_RATIO} × plain TipTap's p95 on the same text\n`);
  console.table(
    rows.map((row) => ({
      text: row.screens === 1 ? 'one screen' : `${row.screens} screens`,
      editor: name(row),
      'p50 ms': row.p50Ms,
      'p95 ms': row.p95Ms,
      'max ms': row.maxMs,
      'p50 / plain': row.vsPlain?.p50Ratio ?? '',
      'p95 / plain': row.vsPlain?.p95Ratio ?? '',
      'P(faster than plain) · p': row.vsPlain ? `${row.vsPlain.pBeat} · ${row.vsPlain.p}` : '',
      'interactive median ms': row.interactiveMedianMs,
      target: row.target === null ? '' : `${row.target} (≤ ${row.targetP95Ms})`,
    })),
  );
  if (addedSuggestions) console.log('note: renderer/app/registry.ts does not list the suggestions feature yet; this build adds it after the listed features (bench/editor/build.ts).');
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: round(totalmem() / 1024 ** 3), node: process.version, platform: `${process.platform}-${process.arch}`, chromium, loadAverage: load.map((value) => round(value, 2)) };
  const date = new Date().toISOString();
  const out = join(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  const settings = { rounds: ROUNDS, keysPerRound: KEYS, warmupKeys: WARMUP, gapMs: GAP_MS, method: METHOD, targetRatio: TARGET_RATIO, suggestionsAddedByBench: addedSuggestions };
  writeFileSync(join(out, 'editor.json'), JSON.stringify(rows.map((row) => ({ ...row, ...settings, machine, date })), null, 2) + '\n');
  console.log(`machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, node ${machine.node}, Chromium ${chromium}, load average ${machine.loadAverage.join(' → ')}`);
  const missed = rows.filter((row) => row.target === 'fail');
  if (missed.length > 0) console.log(`target missed: ${missed.map((row) => `${row.screens} screens: p95 ${row.p95Ms} ms > ${row.targetP95Ms} ms`).join(', ')}`);
  console.log('wrote bench/results/editor.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
