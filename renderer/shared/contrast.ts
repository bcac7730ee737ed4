// Text on a member's colour (a caret's name label, the profile button's initial) must read at 4.5:1.
const DARK_TEXT = '#1f2328';
const WHITE = '#ffffff';
const READABLE = 4.5;

function channels(hex: string): number[] {
  return [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
}

function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => c / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG contrast ratio between two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

function darken(hex: string, by: number): string {
  return '#' + channels(hex).map((c) => Math.round(c * (1 - by)).toString(16).padStart(2, '0')).join('');
}

/**
 * Background and text for a name on a member colour: the member's own colour with white or near-black text, whichever
 * reads at 4.5:1. Some mid-tone colours (green, cyan) reach that with neither, so their label is the
 * same hue a little darker, under white text.
 */
export function labelColors(color: string): { background: string; text: string } {
  if (!/^#[0-9a-f]{6}$/i.test(color)) return { background: '#57606a', text: WHITE };
  const text = contrast(color, WHITE) >= contrast(color, DARK_TEXT) ? WHITE : DARK_TEXT;
  if (contrast(color, text) >= READABLE) return { background: color, text };
  let background = color;
  for (let by = 0.05; contrast(background, WHITE) < READABLE; by += 0.05) background = darken(color, by);
  return { background, text: WHITE };
}

/** `color` laid over `background` at `amount` (0–1), as CSS color-mix does in sRGB. */
export function mix(color: string, background: string, amount: number): string {
  const [a, b] = [channels(color), channels(background)];
  return '#' + a.map((c, at) => Math.round(c * amount + b[at]! * (1 - amount)).toString(16).padStart(2, '0')).join('');
}

/**
 * A member colour as text on a light background (a suggestion written in its author's colour):
 * the colour itself where it reads at 4.5:1, else the same hue darkened until it does.
 */
/**
 * A member colour as text on a tint of that same text colour (`amount` of it over `background`),
 * as suggestions.css paints a suggestion: darkening the ink darkens its tint too, so the check is
 * made against the tint of the ink chosen, not of the member colour.
 */
export function inkOnOwnTint(color: string, background: string, amount: number): string {
  if (!/^#[0-9a-f]{6}$/i.test(color) || !/^#[0-9a-f]{6}$/i.test(background)) return DARK_TEXT;
  let ink = color;
  for (let by = 0.05; contrast(ink, mix(ink, background, amount)) < READABLE && by < 1; by += 0.05) ink = darken(color, by);
  return ink;
}

export function inkOn(color: string, background: string): string {
  if (!/^#[0-9a-f]{6}$/i.test(color) || !/^#[0-9a-f]{6}$/i.test(background)) return DARK_TEXT;
  let ink = color;
  for (let by = 0.05; contrast(ink, background) < READABLE && by < 1; by += 0.05) ink = darken(color, by);
  return ink;
}
