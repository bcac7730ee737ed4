import { describe, expect, it } from 'vitest';
import { describeSuggestion, onlyFormats } from './describe';

describe('describeSuggestion', () => {
  it('names the author and the change in words', () => {
    expect(describeSuggestion('Ana', { inserted: 'y', deleted: 'x', modifies: false })).toBe('Ana suggests replacing “x” with “y”');
    expect(describeSuggestion('Bo', { inserted: 'new words', deleted: '', modifies: false })).toBe('Bo suggests inserting “new words”');
    expect(describeSuggestion('Cy', { inserted: '', deleted: 'old', modifies: false })).toBe('Cy suggests deleting “old”');
    expect(describeSuggestion('Cy', { inserted: '', deleted: '', modifies: true })).toBe('Cy suggests a formatting change');
  });

  it('shortens long text and keeps a lone space visible', () => {
    const name = describeSuggestion('Ana', { inserted: 'word '.repeat(40), deleted: ' ', modifies: false });
    expect(name).toMatch(/^Ana suggests replacing “ ” with “word word .*…”$/);
    expect(name.length).toBeLessThan(130);
  });

  it('says "formatting" when the text taken out and put back are the same (bold applied while suggesting)', () => {
    const bold = { inserted: 'Berlin', deleted: 'Berlin', modifies: false };
    expect(describeSuggestion('Ana', bold)).toBe('Ana suggests formatting “Berlin”');
    expect(onlyFormats(bold)).toBe(true);
    expect(describeSuggestion('Ana', { inserted: 'Berlin!', deleted: 'Berlin', modifies: false })).toBe('Ana suggests replacing “Berlin” with “Berlin!”');
    expect(onlyFormats({ inserted: '', deleted: '', modifies: true })).toBe(false);
  });
});
