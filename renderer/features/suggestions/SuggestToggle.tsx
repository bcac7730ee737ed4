import { useEffect, useState } from 'react';
import type { EditorFeatureProps } from '../../shared/editorFeatures';
import { useWorkspace } from '../../shared/workspace';
import { describeAriaShortcut, platformAriaShortcut, useShortcuts } from '../shortcuts';
import type { SuggestEditsStorage } from './extension';
import { loadSuggesting, saveSuggesting } from './mode';
import { useSuggestionNotifier } from './useSuggestionNotifier';
import './suggestions.css';

const KEYS = 'Control+Alt+S';

/** "Suggest edits": while pressed, this person's edits become suggestions. One choice per workspace on this device. */
export function SuggestToggle({ editor, context }: EditorFeatureProps) {
  const { ref } = useWorkspace();
  const [on, setOn] = useState(() => loadSuggesting(ref.id));
  const storage = (editor.storage as unknown as Record<string, SuggestEditsStorage | undefined>).suggestEdits;

  useEffect(() => {
    if (storage) storage.enabled = on;
  }, [storage, on]);
  useEffect(() => setOn(loadSuggesting(ref.id)), [ref.id]);

  const toggle = () => {
    const next = !on;
    setOn(next);
    saveSuggesting(ref.id, next);
  };
  useShortcuts({ 'mod+alt+s': toggle });
  // The page's creator hears of what is suggested on it.
  useSuggestionNotifier(context);

  return (
    <button
      type="button"
      className={on ? 'tool suggest-toggle on' : 'tool suggest-toggle'}
      aria-pressed={on}
      aria-keyshortcuts={platformAriaShortcut(KEYS)}
      title={`Suggest edits: what you type and delete is proposed for review (${describeAriaShortcut(KEYS)})`}
      onMouseDown={(event) => event.preventDefault()}
      onClick={toggle}
    >
      Suggest edits
    </button>
  );
}
