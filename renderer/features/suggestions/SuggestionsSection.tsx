import type { EditorFeatureProps } from '../../shared/editorFeatures';
import { decide } from './decide';
import { SuggestionItem } from './SuggestionItem';
import { useSuggestions } from './useSuggestions';
import './suggestions.css';

/** The Review panel's "Suggestions": every pending suggestion, with bulk and per-author decisions for editors. */
export function SuggestionsSection({ editor, context }: EditorFeatureProps) {
  const list = useSuggestions(context);
  const canDecide = !context.readOnly;
  const authors = [...new Map(list.map((item) => [item.authorId ?? '', item.authorName])).entries()];
  const run = (ids: string[], kind: 'accept' | 'reject') => decide(editor, context, ids, kind);
  const all = list.map((item) => item.id);

  return (
    <section className="review-section suggestions-section" aria-labelledby="suggestions-heading">
      <h3 id="suggestions-heading">
        Suggestions {list.length > 0 && <span className="count">{list.length}</span>}
      </h3>
      {list.length === 0 ? (
        <p className="muted small">No suggestions. Turn on Suggest edits to propose changes for review.</p>
      ) : (
        <>
          {canDecide && (
            <div className="suggestion-bulk">
              <button type="button" className="small" onClick={() => run(all, 'accept')}>
                Accept all
              </button>
              <button type="button" className="small ghost" onClick={() => run(all, 'reject')}>
                Reject all
              </button>
            </div>
          )}
          {canDecide && authors.length > 1 && (
            <div className="suggestion-bulk by-author">
              {authors.map(([authorId, name]) => {
                const ids = list.filter((item) => (item.authorId ?? '') === authorId).map((item) => item.id);
                return (
                  <span key={authorId} className="suggestion-bulk-author">
                    <button type="button" className="small ghost" onClick={() => run(ids, 'accept')}>
                      Accept all by {name}
                    </button>
                    <button type="button" className="small ghost" onClick={() => run(ids, 'reject')}>
                      Reject all by {name}
                    </button>
                  </span>
                );
              })}
            </div>
          )}
          <ul className="suggestions" aria-label="Suggestions">
            {list.map((suggestion) => (
              <SuggestionItem key={suggestion.id} suggestion={suggestion} canDecide={canDecide} onDecide={(kind) => run([suggestion.id], kind)} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
