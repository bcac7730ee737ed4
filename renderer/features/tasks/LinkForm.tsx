import type { ReactNode } from 'react';

/** A task's "link to …" picker: its selects, and a submit button that waits until something is chosen. */
export function LinkForm({ label, submitLabel, target, onLink, children }: { label: string; submitLabel: string; target: string; onLink(target: string): void; children: ReactNode }) {
  return (
    <form
      className="task-link-form"
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        if (target) onLink(target);
      }}
    >
      {children}
      <button type="submit" disabled={!target}>
        {submitLabel}
      </button>
    </form>
  );
}
