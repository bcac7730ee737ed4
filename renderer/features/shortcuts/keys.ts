/** Shortcut notation: 'mod+alt+n' where mod is Ctrl (Cmd on macOS). */
export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function matches(event: KeyboardEvent, shortcut: string): boolean {
  const parts = shortcut.toLowerCase().split('+');
  const key = parts[parts.length - 1];
  const want = new Set(parts.slice(0, -1));
  const mod = isMac ? event.metaKey : event.ctrlKey;
  if (want.has('mod') !== mod) return false;
  if (want.has('alt') !== event.altKey) return false;
  if (want.has('shift') !== event.shiftKey) return false;
  // event.code keeps Alt+N working on layouts where Alt changes the character.
  const pressed = event.key.toLowerCase();
  const code = event.code.toLowerCase();
  return pressed === key || code === `key${key}` || code === `digit${key}` || (key === ',' && code === 'comma') || (key === '/' && code === 'slash');
}

// How keys are printed on keyboards and in menus, not their KeyboardEvent.key names.
const KEY_NAMES: Record<string, string> = {
  arrowup: '↑',
  arrowdown: '↓',
  arrowleft: '←',
  arrowright: '→',
  enter: 'Enter',
  escape: 'Esc',
  delete: 'Delete',
  backspace: 'Backspace',
  tab: 'Tab',
  space: 'Space',
};
const MODIFIERS = { mod: ['Ctrl', '⌘'], alt: ['Alt', '⌥'], shift: ['Shift', '⇧'] } as const;

/** 'mod+alt+arrowup' as people read it: 'Ctrl+Alt+↑', or '⌥⌘↑' on a Mac (modifiers in Apple's order, no plus signs). */
export function describeShortcut(shortcut: string, mac = isMac): string {
  const parts = shortcut.toLowerCase().split('+');
  const key = parts[parts.length - 1] ?? '';
  const held = new Set(parts.slice(0, -1));
  const order: (keyof typeof MODIFIERS)[] = mac ? ['alt', 'shift', 'mod'] : ['mod', 'alt', 'shift'];
  const modifiers = order.filter((name) => held.has(name)).map((name) => MODIFIERS[name][mac ? 1 : 0]);
  const name = KEY_NAMES[key] ?? (key.length === 1 || /^f\d{1,2}$/.test(key) ? key.toUpperCase() : key.charAt(0).toUpperCase() + key.slice(1));
  return mac ? [...modifiers, name].join('') : [...modifiers, name].join('+');
}

/** An ARIA `aria-keyshortcuts` value ('Control+B') as people read it on this platform: 'Ctrl+B', or '⌘B' on a Mac. */
export function describeAriaShortcut(aria: string, mac = isMac): string {
  return describeShortcut(aria.replace(/Control|Meta/g, 'mod'), mac);
}

/** What `aria-keyshortcuts` should say for 'Control+…' here: a Mac's editor shortcuts use ⌘ (Meta). */
export function platformAriaShortcut(aria: string, mac = isMac): string {
  return mac ? aria.replace(/Control/g, 'Meta') : aria;
}

export const SHORTCUTS: { keys: string; action: string }[] = [
  { keys: 'mod+alt+n', action: 'New page' },
  { keys: 'mod+alt+t', action: 'New task list' },
  { keys: 'mod+shift+s', action: 'Share / invite' },
  { keys: 'mod+,', action: 'Your profile' },
  { keys: 'mod+/', action: 'Keyboard shortcuts' },
  { keys: 'f2', action: 'Rename the focused page' },
  { keys: 'delete', action: 'Delete the focused page' },
  { keys: 'mod+z', action: 'Undo the last deletion (outside text fields)' },
  { keys: 'alt+arrowup', action: 'Move the focused page or task up' },
  { keys: 'alt+arrowdown', action: 'Move the focused page or task down' },
  { keys: 'alt+arrowright', action: 'Nest the focused page under the one above' },
  { keys: 'alt+arrowleft', action: 'Move the focused page out one level' },
  { keys: 'mod+b', action: 'Bold (in the editor)' },
  { keys: 'mod+alt+1', action: 'Heading 1 (in the editor)' },
  { keys: 'mod+shift+9', action: 'Checklist (in the editor)' },
  { keys: 'mod+alt+r', action: 'Show or hide the Review panel (comments, suggestions, versions)' },
  { keys: 'mod+alt+m', action: 'Comment on the selected text' },
  { keys: 'mod+alt+s', action: 'Suggest edits on or off' },
  { keys: 'alt+arrowdown', action: 'Next comment thread (in the text or the Review panel)' },
  { keys: 'alt+arrowup', action: 'Previous comment thread (in the text or the Review panel)' },
];
