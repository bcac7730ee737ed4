import { useState, type FormEvent } from 'react';
import type { Profile } from '../../shared/device';
import { Dialog } from '../dialog';
import { ProfileFields } from './ProfileFields';

export function ProfileDialog({ profile, onSave, onClose }: { profile: Profile; onSave(profile: Profile): void; onClose(): void }) {
  const [draft, setDraft] = useState(profile);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft.name.trim()) return setError('Your name cannot be empty.');
    onSave({ ...draft, name: draft.name.trim() });
    onClose();
  };
  return (
    <Dialog title="Your profile" onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <ProfileFields profile={draft} onChange={setDraft} />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary">
          Save profile
        </button>
      </form>
    </Dialog>
  );
}
