import { describe, expect, it } from 'vitest';
import { MEMBER_COLORS } from '../../shared/model/schema';
import { contrast, inkOn, inkOnOwnTint, labelColors, mix } from './contrast';

describe('text on a member colour', () => {
  it.each([...MEMBER_COLORS, '#ffffff', '#000000', '#777777', '#00ff00', '#ffff00'])('reads at 4.5:1 or better on %s', (color) => {
    const { background, text } = labelColors(color);
    expect(contrast(background, text)).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps the member colour itself whenever one of the text colours reads on it', () => {
    expect(labelColors('#2563eb')).toEqual({ background: '#2563eb', text: '#ffffff' });
    expect(labelColors('#d97706').background).toBe('#d97706');
  });

  it('darkens a mid-tone colour only as far as white text needs', () => {
    const { background } = labelColors('#059669');
    expect(background).not.toBe('#059669');
    expect(contrast(background, '#ffffff')).toBeLessThan(6);
  });

  it('falls back to a readable grey for a colour that is not #rrggbb', () => {
    const { background, text } = labelColors('transparent');
    expect(contrast(background, text)).toBeGreaterThanOrEqual(4.5);
  });
});

describe('a member colour as text on a light tint of itself', () => {
  // The tint suggestions.css paints is of the ink itself (color-mix of --suggestion-colour), so that is what is checked.
  it.each([...MEMBER_COLORS])('reads at 4.5:1 or better for %s', (color) => {
    const ink = inkOnOwnTint(color, '#fbfaf8', 0.09);
    expect(contrast(ink, mix(ink, '#fbfaf8', 0.09))).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps a colour that already reads', () => {
    expect(inkOn('#2563eb', '#ffffff')).toBe('#2563eb');
  });
});
