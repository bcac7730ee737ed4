import type { ReactNode } from 'react';
import type { BlockJson, TextRun } from '../../../shared/model';

/** A block as a side kept it, formatting included, drawn read-only (links are not followed from here). */
export function BlockView({ block }: { block: BlockJson }) {
  const children = (block.children ?? []).map((child, i) => ('text' in child ? <Runs key={i} runs={child.text} /> : <BlockView key={i} block={child} />));
  const empty = children.length === 0 ? <span className="muted">(empty)</span> : null;
  if (block.name === 'codeBlock') return <pre className="merge-block">{children}</pre>;
  if (block.name === 'heading') return <p className="merge-block merge-heading">{children}{empty}</p>;
  if (block.name === 'paragraph') return <p className="merge-block">{children}{empty}</p>;
  return <div className="merge-block">{children}</div>;
}

function Runs({ runs }: { runs: readonly TextRun[] }) {
  return (
    <>
      {runs.map((run, i) => (
        <Marked key={i} marks={run.attributes ?? {}}>
          {run.insert}
        </Marked>
      ))}
    </>
  );
}

function Marked({ marks, children }: { marks: Record<string, unknown>; children: ReactNode }) {
  let out = children;
  if (marks.code) out = <code>{out}</code>;
  if (marks.bold) out = <strong>{out}</strong>;
  if (marks.italic) out = <em>{out}</em>;
  if (marks.strike) out = <s>{out}</s>;
  if (marks.underline) out = <u>{out}</u>;
  if (marks.link) out = <span className="merge-link">{out}</span>;
  return <>{out}</>;
}
