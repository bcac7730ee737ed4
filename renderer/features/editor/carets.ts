import type { Awareness } from 'y-protocols/awareness';

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

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * channels[0]! + 0.7152 * channels[1]! + 0.0722 * channels[2]!;
}

/** White on dark member colours, near-black on light ones (amber), whichever reads at 4.5:1 or better. */
export function labelTextColor(background: string): string {
  if (!/^#[0-9a-f]{6}$/i.test(background)) return '#1f2328';
  return (1.05 / (luminance(background) + 0.05)) >= 4.5 ? '#ffffff' : '#1f2328';
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
  label.style.backgroundColor = color;
  label.style.color = labelTextColor(color);
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
