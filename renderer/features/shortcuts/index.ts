// Keyboard shortcuts: the global binding hook, the key matcher and the list the dialog shows.
export { describeAriaShortcut, describeShortcut, matches, platformAriaShortcut } from './keys';
export { ShortcutsDialog } from './ShortcutsDialog';
export { useShortcuts } from './useShortcuts';
