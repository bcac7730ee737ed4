// Suggesting is a personal choice per workspace, kept on this device.
const key = (workspaceId: string) => `baton:suggest-edits:${workspaceId}`;

export function loadSuggesting(workspaceId: string): boolean {
  try {
    return localStorage.getItem(key(workspaceId)) === '1';
  } catch {
    return false;
  }
}

export function saveSuggesting(workspaceId: string, on: boolean): void {
  try {
    localStorage.setItem(key(workspaceId), on ? '1' : '0');
  } catch {
    // Storage full or blocked: the choice holds for this session only.
  }
}
