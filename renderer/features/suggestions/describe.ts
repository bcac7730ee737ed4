import type { PendingSuggestion } from '../../../shared/model/suggestions-scan';

const LIMIT = 80;

function quote(text: string): string {
  // A suggestion of only spaces still shows one, not an empty quote.
  const flat = text.replace(/\s+/g, ' ').trim() || ' ';
  return `“${flat.length > LIMIT ? `${flat.slice(0, LIMIT - 1)}…` : flat}”`;
}

type Change = Pick<PendingSuggestion, 'inserted' | 'deleted' | 'modifies'>;

/**
 * The suggestion only changes formatting of text: the library suggests bold or italic on text
 * as deleting it and inserting the same text, formatted.
 */
export function onlyFormats(suggestion: Change): boolean {
  return suggestion.inserted !== '' && suggestion.inserted === suggestion.deleted;
}

/** What a suggestion does, in words: the list item's accessible name ("Ana suggests replacing “x” with “y”"). */
export function describeSuggestion(author: string, suggestion: Change): string {
  const { inserted, deleted } = suggestion;
  if (onlyFormats(suggestion)) return `${author} suggests formatting ${quote(inserted)}`;
  if (inserted && deleted) return `${author} suggests replacing ${quote(deleted)} with ${quote(inserted)}`;
  if (inserted) return `${author} suggests inserting ${quote(inserted)}`;
  if (deleted) return `${author} suggests deleting ${quote(deleted)}`;
  if (suggestion.modifies) return `${author} suggests a formatting change`;
  // Only zero-width markers left: a paragraph break.
  return `${author} suggests a paragraph break`;
}
