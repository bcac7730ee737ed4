/** When a version was saved, in the reader's own timezone and language: 'Mon, 30 Nov, 14:05'. */
export function formatVersionTime(at: number, now = Date.now(), locale?: string): string {
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
  }).format(at);
}

/** A version's title as the list and the dialog show it. */
export function versionTitle(version: { name: string | null }): string {
  return version.name ?? 'Automatic';
}
