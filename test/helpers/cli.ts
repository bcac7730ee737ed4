/** Spawning the relay CLI as a real process. */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withTimeout } from './wait';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/**
 * The Node flags of `npm run relay` (package.json), so tests run the relay
 * exactly as people do — e.g. the young generation size ([R29]).
 */
export const RELAY_NODE_FLAGS: string[] = (() => {
  const script = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.relay ?? '';
  // `node <flags> dist/relay/cli.js` (prerelay builds it): the flags are the words before the file.
  const words = script.trim().split(/\s+/);
  const flags = words.slice(words.indexOf('node') + 1);
  return flags.slice(0, flags.findIndex((word) => !word.startsWith('--')));
})();

export interface RelayProcess {
  child: ChildProcess;
  /** The `ws://H:P` from the `listening on` line. */
  url: string;
  port: number;
  /** Everything written to stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or signal name) once the process exits. */
  exited: Promise<number | string>;
  /** Sends SIGKILL if still running. */
  kill(): void;
}

const LISTENING = /^listening on (ws:\/\/([^\s]+):(\d+))$/m;



/**
 * `node <flags> --import tsx relay/cli.ts`, or with `built` (a cli.js from relay/build.mjs)
 * `node <flags> <built>`: the file `npm run relay` and the image run.
 */
function relayCommand(built: string | undefined): string[] {
  return built ? [...RELAY_NODE_FLAGS, built] : [...RELAY_NODE_FLAGS, '--import', 'tsx', join(REPO_ROOT, 'relay', 'cli.ts')];
}

/**
 * Runs `node --import tsx relay/cli.ts ...args` and waits for its `listening on` line.
 * One process, not the `tsx` wrapper and its child: `kill()` must hit the relay itself.
 */
export async function spawnRelayCli(args: string[], { timeoutMs = 20_000, env = {} as NodeJS.ProcessEnv, built = undefined as string | undefined } = {}): Promise<RelayProcess> {
  const child = spawn(process.execPath, [...relayCommand(built), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  try {
    const match = await withTimeout(
      new Promise<RegExpExecArray>((resolve, reject) => {
        const check = () => {
          const found = LISTENING.exec(out);
          if (found) resolve(found);
        };
        child.stdout?.on('data', check);
        void exited.then((code) => reject(new Error(`relay exited (${code}) before listening:\n${err}`)));
      }),
      timeoutMs,
      'relay "listening on" line',
    );
    return { child, url: match[1]!, port: Number(match[3]), stdout: () => out, stderr: () => err, exited, kill };
  } catch (error) {
    kill();
    throw error;
  }
}

/** Runs the CLI to completion (commands, bad usage); resolves with exit code and output. */
export async function runRelayCli(
  args: string[],
  { timeoutMs = 20_000, env = {} as NodeJS.ProcessEnv, built = undefined as string | undefined } = {},
): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...relayCommand(built), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await withTimeout(
    new Promise<number | string>((resolve) => child.once('exit', (c, signal) => resolve(c ?? signal ?? -1))),
    timeoutMs,
    'relay exit',
  ).finally(() => child.kill('SIGKILL'));
  return { code, stdout, stderr };
}
