import { describe, expect, it } from 'vitest';
import { describeAriaShortcut, describeShortcut, platformAriaShortcut, SHORTCUTS } from './keys';

describe('shortcut names people read', () => {
  it('names keys as keyboards print them on Windows and Linux', () => {
    expect(describeShortcut('alt+arrowup', false)).toBe('Alt+↑');
    expect(describeShortcut('alt+arrowleft', false)).toBe('Alt+←');
    expect(describeShortcut('mod+k', false)).toBe('Ctrl+K');
    expect(describeShortcut('mod+alt+n', false)).toBe('Ctrl+Alt+N');
    expect(describeShortcut('mod+shift+9', false)).toBe('Ctrl+Shift+9');
    expect(describeShortcut('enter', false)).toBe('Enter');
    expect(describeShortcut('escape', false)).toBe('Esc');
    expect(describeShortcut('f2', false)).toBe('F2');
    expect(describeShortcut('delete', false)).toBe('Delete');
    expect(describeShortcut('mod+/', false)).toBe('Ctrl+/');
  });

  it('uses the Mac symbols in Apple’s order without plus signs', () => {
    expect(describeShortcut('mod+k', true)).toBe('⌘K');
    expect(describeShortcut('mod+alt+n', true)).toBe('⌥⌘N');
    expect(describeShortcut('mod+shift+s', true)).toBe('⇧⌘S');
    expect(describeShortcut('alt+arrowdown', true)).toBe('⌥↓');
  });

  it('leaves no raw key name in the shortcuts list', () => {
    for (const mac of [false, true]) {
      for (const { keys } of SHORTCUTS) expect(describeShortcut(keys, mac)).not.toMatch(/arrow|ARROW|escape|mod/i);
    }
  });

  it('names the editor toolbar’s shortcuts for the platform, in its tooltips and for assistive tech', () => {
    expect(describeAriaShortcut('Control+B', false)).toBe('Ctrl+B');
    expect(describeAriaShortcut('Control+Alt+1', true)).toBe('⌥⌘1');
    expect(describeAriaShortcut('Control+Shift+8', true)).toBe('⇧⌘8');
    expect(platformAriaShortcut('Control+Shift+8', true)).toBe('Meta+Shift+8');
    expect(platformAriaShortcut('Control+Shift+8', false)).toBe('Control+Shift+8');
  });
});
