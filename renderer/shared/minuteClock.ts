import { useSyncExternalStore } from 'react';

const MINUTE = 60_000;

/**
 * One clock for every name shown with its person's local time: a single timer, ticking on the
 * minute while anything reads it, however many names are on screen (a timer per name would wake the
 * page hundreds of times a minute on a long list).
 */
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | null = null;
let current = 0;

const thisMinute = () => Math.floor(Date.now() / MINUTE) * MINUTE;

function tick(): void {
  current = thisMinute();
  for (const listener of listeners) listener();
  timer = setTimeout(tick, MINUTE - (Date.now() % MINUTE) + 50);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) timer = setTimeout(tick, MINUTE - (Date.now() % MINUTE) + 50);
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0 || timer === null) return;
    clearTimeout(timer);
    timer = null;
  };
}

// Stable within a minute, as React asks of a snapshot; read afresh while nothing ticks.
const snapshot = () => (timer === null ? thisMinute() : Math.max(current, thisMinute()));

/** The current minute (ms), renewed on the minute by one timer shared by every caller. */
export function useMinute(): number {
  return useSyncExternalStore(subscribe, snapshot);
}
