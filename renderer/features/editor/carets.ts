import type { Awareness } from 'y-protocols/awareness';
import { labelColors } from '../../shared/contrast';

// A teammate's caret is a thin line in their colour. Its name label sits above the line, over the
// text there, so it shows only for a moment after the caret moves (or while hovered), then fades.
const SHOWN_FOR_MS = 1600;
const hideTimers = new WeakMap<HTMLElement, ReturnType<typeof setTimeout>>();

function showLabel(caret: HTMLElement): void {
  caret.classList.add('collaboration-carets__caret--moved');
  clearTimeout(hideTimers.get(caret));
  hideTimers.set(
    caret,
    setTimeout(() => caret.classList.remove('collaboration-carets__caret--moved'), SHOWN_FOR_MS),
  );
}

/** CollaborationCaret's render option: the caret element ProseMirror places as a widget. */
export function renderCaret(user: { name?: string | null; color?: string | null }): HTMLElement {
  const color = user.color ?? 'transparent';
  const caret = document.createElement('span');
  caret.className = 'collaboration-carets__caret';
  caret.style.borderColor = color;
  caret.dataset.name = user.name ?? '';
  // The name is for sighted readers of the page; inside the text a screen reader would read it as content.
  caret.setAttribute('aria-hidden', 'true');
  const label = document.createElement('span');
  label.className = 'collaboration-carets__label';
  const colors = labelColors(color);
  label.style.backgroundColor = colors.background;
  label.style.color = colors.text;
  label.textContent = user.name ?? '';
  caret.append(label);
  showLabel(caret);
  return caret;
}

/**
 * Shows a teammate's label again whenever their caret moves. ProseMirror keeps the same caret
 * element while someone types along a line, so its creation alone would only flash it once.
 */
export function flashMovedCarets(awareness: Awareness, root: () => HTMLElement | null): () => void {
  const onChange = ({ added, updated }: { added: number[]; updated: number[] }) => {
    const names = [...added, ...updated]
      .filter((clientId) => clientId !== awareness.clientID)
      .map((clientId) => (awareness.getStates().get(clientId) as { user?: { name?: string } } | undefined)?.user?.name)
      .filter((name): name is string => Boolean(name));
    if (names.length === 0) return;
    // The caret plugin redraws on the same event; look once that has happened.
    requestAnimationFrame(() => {
      for (const name of names) root()?.querySelectorAll<HTMLElement>(`.collaboration-carets__caret[data-name="${CSS.escape(name)}"]`).forEach(showLabel);
    });
  };
  awareness.on('change', onChange);
  return () => awareness.off('change', onChange);
}
