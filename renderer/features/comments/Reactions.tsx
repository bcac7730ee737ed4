import { useState } from 'react';
import type { Member } from '../../../shared/model';

const OFFERED = ['👍', '🎉', '❤️', '👀', '✅', '🤔'];

interface Props {
  reactions: Record<string, string[]>;
  me: string;
  members: ReadonlyMap<string, Member>;
  readOnly: boolean;
  onToggle(emoji: string): void;
}

function names(ids: string[], members: ReadonlyMap<string, Member>, me: string): string {
  return ids.map((id) => (id === me ? 'you' : (members.get(id)?.name ?? 'someone'))).join(', ');
}

/** Emoji reactions under a message: each a toggle showing who reacted; one more offers a few to pick from. */
export function Reactions({ reactions, me, members, readOnly, onToggle }: Props) {
  const [picking, setPicking] = useState(false);
  const shown = Object.entries(reactions).filter(([, ids]) => ids.length > 0);
  if (readOnly && shown.length === 0) return null;
  return (
    <div className="reactions">
      {shown.map(([emoji, ids]) => (
        <button
          key={emoji}
          type="button"
          className="reaction"
          aria-pressed={ids.includes(me)}
          aria-label={`${emoji} ${ids.length}: ${names(ids, members, me)}`}
          title={names(ids, members, me)}
          disabled={readOnly}
          onClick={() => onToggle(emoji)}
        >
          {emoji} <span className="count">{ids.length}</span>
        </button>
      ))}
      {!readOnly && (
        <button type="button" className="reaction add" aria-label="Add reaction" aria-expanded={picking} onClick={() => setPicking((open) => !open)}>
          ☺+
        </button>
      )}
      {picking && (
        <div className="reaction-picker" role="group" aria-label="Pick a reaction">
          {OFFERED.map((emoji) => (
            <button
              key={emoji}
              type="button"
              aria-label={`React ${emoji}`}
              onClick={() => {
                onToggle(emoji);
                setPicking(false);
              }}
            >
              {emoji}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
