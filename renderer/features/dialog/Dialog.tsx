import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

/** The controls Tab reaches in `root`, in order. */
function tabStops(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => !element.matches(':disabled') && element.tabIndex >= 0 && element.getClientRects().length > 0);
}

/**
 * A modal on the native <dialog> (Escape, the backdrop and an inert page behind it come for free).
 * The browser still lets Tab leave the last control for its own chrome, and focus lands on <body>
 * once React removes the element, so the dialog cycles Tab itself and hands focus back to its opener.
 */
export function Dialog({ title, onClose, children }: { title: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const keepTabInside = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Tab' || !ref.current) return;
    const stops = tabStops(ref.current);
    const first = stops[0];
    const last = stops[stops.length - 1];
    if (!first || !last) return;
    const at = document.activeElement;
    if (event.shiftKey && (at === first || !ref.current.contains(at))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (at === last || !ref.current.contains(at))) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    // A close event queued by an earlier unmount (React's StrictMode remount) must not close a dialog shown again.
    <dialog ref={ref} className="dialog" aria-label={title} onClose={() => !ref.current?.open && onClose()} onCancel={onClose} onKeyDown={keepTabInside}>
      <header className="dialog-header">
        <h2>{title}</h2>
        <button type="button" className="ghost" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      {children}
    </dialog>
  );
}
