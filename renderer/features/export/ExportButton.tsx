import { useState } from 'react';
import { useWorkspace } from '../../shared/workspace';
import { buildWorkspaceMarkdown, downloadText } from './exportWorkspace';

interface Props {
  /** What the button says; it is also its accessible name. */
  label?: string;
  className?: string;
}

/** Downloads the whole workspace as `<workspace name>.md`; offered to everyone, viewers and removed members included. */
export function ExportButton({ label = 'Export workspace', className }: Props) {
  const { sync, notify } = useWorkspace();
  const [busy, setBusy] = useState(false);

  const run = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const { fileName, markdown } = await buildWorkspaceMarkdown(sync);
      downloadText(fileName, markdown);
    } catch (error) {
      notify(`The export did not finish: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <button type="button" className={className} onClick={() => void run()} aria-busy={busy} title="Download every page as one Markdown file">
      {label}
    </button>
  );
}
