import { useCallback, useMemo, useRef, useState } from 'react';

export interface Toast {
  id: number;
  message: string;
  action?: { label: string; run(): void };
}

export interface ToastController {
  toasts: Toast[];
  /** Shows a notification for a few seconds; returns its id, to dismiss it earlier. */
  show(message: string, action?: Toast['action']): number;
  dismiss(id: number): void;
}

const TOAST_MS = 8000;

export function useToasts(): ToastController {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((toast) => toast.id !== id)), []);
  const show = useCallback(
    (message: string, action?: Toast['action']) => {
      const id = next.current++;
      setToasts((list) => [...list.slice(-2), { id, message, ...(action ? { action } : {}) }]);
      setTimeout(() => dismiss(id), TOAST_MS);
      return id;
    },
    [dismiss],
  );
  return useMemo(() => ({ toasts, show, dismiss }), [toasts, show, dismiss]);
}

export function Toasts({ controller }: { controller: ToastController }) {
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
      {controller.toasts.map((toast) => (
        <div className="toast" key={toast.id}>
          <span>{toast.message}</span>
          {toast.action && (
            <button
              type="button"
              onClick={() => {
                toast.action?.run();
                controller.dismiss(toast.id);
              }}
            >
              {toast.action.label}
            </button>
          )}
          <button type="button" className="ghost" aria-label="Dismiss notification" onClick={() => controller.dismiss(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
