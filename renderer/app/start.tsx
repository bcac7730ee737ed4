import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

/**
 * An error React met while rendering in the background and recovered from by rendering again at once
 * (the person saw nothing wrong): kept in the console with its cause, rather than reported as a
 * page error like one that broke the screen.
 */
function recovered(error: unknown): void {
  const cause = (error as { cause?: unknown }).cause ?? error;
  console.warn('Baton recovered from an error while drawing the screen:', cause instanceof Error ? (cause.stack ?? cause.message) : cause);
}

/** Renders the app into `root`, replacing what the first paint drew there (renderer/main.ts). */
export function start(root: HTMLElement): void {
  createRoot(root, { onRecoverableError: recovered }).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
