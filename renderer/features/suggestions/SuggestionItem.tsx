import { inkOn } from '../../shared/contrast';
import { formatFull, formatWhen, useNow } from '../../shared/when';
import { describeSuggestion, onlyFormats } from './describe';
import type { ListedSuggestion } from './useSuggestions';

interface Props {
  suggestion: ListedSuggestion;
  canDecide: boolean;
  onDecide(kind: 'accept' | 'reject'): void;
}

/** One pending suggestion: who, when, the change (text nodes only), and Accept / Reject for editors. */
export function SuggestionItem({ suggestion, canDecide, onDecide }: Props) {
  // The change is written in this colour on the white card.
  const colour = suggestion.color ? inkOn(suggestion.color, '#ffffff') : undefined;
  const name = describeSuggestion(suggestion.authorName, suggestion);
  const now = useNow();
  return (
    <li className="suggestion" aria-label={name} style={colour ? { ['--suggestion-colour' as string]: colour } : undefined}>
      <div className="suggestion-head">
        <span className="suggestion-dot" aria-hidden="true" />
        <span className="suggestion-author">{suggestion.authorName}</span>
        {suggestion.at ? (
          <time dateTime={new Date(suggestion.at).toISOString()} title={formatFull(suggestion.at)}>
            {formatWhen(suggestion.at, now)}
          </time>
        ) : null}
      </div>
      <p className="suggestion-change">
        {onlyFormats(suggestion) ? (
          <>
            <span>{suggestion.inserted}</span> <span className="muted">Formatting change</span>
          </>
        ) : (
          <>
            {suggestion.deleted && <del>{suggestion.deleted}</del>}
            {suggestion.deleted && suggestion.inserted && <span aria-hidden="true"> → </span>}
            {suggestion.inserted && <ins>{suggestion.inserted}</ins>}
          </>
        )}
        {!suggestion.deleted && !suggestion.inserted && <span className="muted">{suggestion.modifies ? 'Formatting change' : 'Paragraph break'}</span>}
      </p>
      {canDecide && (
        <div className="suggestion-actions">
          <button type="button" className="small" onClick={() => onDecide('accept')}>
            Accept
          </button>
          <button type="button" className="small ghost" onClick={() => onDecide('reject')}>
            Reject
          </button>
        </div>
      )}
    </li>
  );
}
