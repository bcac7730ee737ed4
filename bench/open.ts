/**
 * `npm run bench:open`: how long a workspace stored in IndexedDB takes to open
 * in Chromium, at three sizes so the scaling shows. Prints a table and writes
 * bench/results/open.json. Needs a built renderer (dist/renderer).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../test/helpers/browser';
import { serveRenderer } from '../test/helpers/web';
import { measureOpen, type OpenSample } from './measure';
import { generateWorkspace, writeWorkspace, type SeedSize } from './seed';

const SIZES: SeedSize[] = [
  { pages: 10, tasks: 100 },
  { pages: 100, tasks: 1_000 },
  { pages: 1_000, tasks: 10_000 },
];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_MS = 1_500;
const TARGET_SIZE = SIZES[SIZES.length - 1]!;
const OPENS = ['tasks', 'doc'] as const;

interface Row {
  pages: number;
  tasks: number;
  open: (typeof OPENS)[number];
  runs: number;
  sidebarMedianMs: number;
  sidebarMaxMs: number;
  interactiveMedianMs: number;
  interactiveMaxMs: number;
  peakHeapMb: number;
  storedMb: number;
  target: 'pass' | 'fail' | null;
  samples: OpenSample[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (value: number, digits = 0) => Number(value.toFixed(digits));

async function main(): Promise<void> {
  const server = await serveRenderer();
  const browser = await launchChromium();
  const rows: Row[] = [];
  try {
    for (const size of SIZES) {
      const workspace = generateWorkspace(size);
      const context = await browser.newContext();
      try {
        const seeder = await context.newPage();
        await seeder.route('**/__bench_seed', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>seed</title>' }));
        await seeder.goto(new URL('__bench_seed', server.url).href);
        await writeWorkspace(seeder, workspace);
        await seeder.close();
        for (const open of OPENS) {
          const pageId = open === 'tasks' ? workspace.tasksPageId : workspace.docPageId;
          const samples: OpenSample[] = [];
          for (let run = 0; run < RUNS; run++) {
            // Every open starts on the same page, even if the app changed the remembered one.
            const sample = await measureOpen(context, server.url, { [`baton:last-page:${workspace.workspaceId}`]: pageId });
            checkOnScreen(sample, size, open);
            samples.push(sample);
          }
          const sidebar = samples.map((sample) => sample.sidebarMs);
          const interactive = samples.map((sample) => sample.interactiveMs);
          const atTarget = size === TARGET_SIZE;
          rows.push({
            pages: size.pages,
            tasks: size.tasks,
            open,
            runs: RUNS,
            sidebarMedianMs: round(median(sidebar)),
            sidebarMaxMs: round(Math.max(...sidebar)),
            interactiveMedianMs: round(median(interactive)),
            interactiveMaxMs: round(Math.max(...interactive)),
            peakHeapMb: round(Math.max(...samples.map((sample) => sample.peakHeapMb)), 1),
            storedMb: round(workspace.bytes / 1024 / 1024, 2),
            target: atTarget ? (median(interactive) < TARGET_MS ? 'pass' : 'fail') : null,
            samples: samples.map((sample) => ({ ...sample, sidebarMs: round(sample.sidebarMs, 1), interactiveMs: round(sample.interactiveMs, 1), peakHeapMb: round(sample.peakHeapMb, 1) })),
          });
          process.stderr.write(`  ${size.pages} pages / ${size.tasks} tasks, open ${open}: done\n`);
        }
      } finally {
        await context.close();
      }
    }
    report(rows, await browser.version());
  } finally {
    await browser.close();
    await server.close();
  }
}

function checkOnScreen(sample: OpenSample, size: SeedSize, open: (typeof OPENS)[number]): void {
  const problems: string[] = [];
  if (sample.sidebarRows !== size.pages) problems.push(`${sample.sidebarRows} sidebar rows, expected ${size.pages}`);
  if (open === 'tasks' && sample.taskRows !== 100) problems.push(`${sample.taskRows} task rows, expected 100`);
  if (open === 'doc' && sample.editorChars === 0) problems.push('the editor is empty');
  if (problems.length > 0) throw new Error(`the seeded workspace is not on screen: ${problems.join(', ')}`);
}

function report(rows: Row[], chromium: string): void {
  console.log(`\nOpen a stored workspace (${RUNS} cold opens each; target: interactive < ${TARGET_MS} ms at ${TARGET_SIZE.pages} pages / ${TARGET_SIZE.tasks} tasks)\n`);
  console.table(
    rows.map((row) => ({
      size: `${row.pages} pages / ${row.tasks} tasks`,
      opens: row.open === 'tasks' ? 'task list (100)' : 'doc page',
      'sidebar median ms': row.sidebarMedianMs,
      'sidebar max ms': row.sidebarMaxMs,
      'interactive median ms': row.interactiveMedianMs,
      'interactive max ms': row.interactiveMaxMs,
      'peak heap MB': row.peakHeapMb,
      target: row.target ?? '',
    })),
  );
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: round(totalmem() / 1024 ** 3, 1), node: process.version, platform: `${process.platform}-${process.arch}`, chromium };
  const date = new Date().toISOString();
  const out = join(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'open.json'), JSON.stringify(rows.map((row) => ({ ...row, targetMs: TARGET_MS, machine, date })), null, 2) + '\n');
  console.log(`machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, node ${machine.node}, Chromium ${chromium}`);
  const missed = rows.filter((row) => row.target === 'fail');
  if (missed.length > 0) console.log(`target missed: interactive median over ${TARGET_MS} ms at ${TARGET_SIZE.pages} pages / ${TARGET_SIZE.tasks} tasks (${missed.map((row) => `${row.open}: ${row.interactiveMedianMs} ms`).join(', ')})`);
  console.log('wrote bench/results/open.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
