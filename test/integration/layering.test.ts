import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers';

// The folder-per-runtime rules of ARCHITECTURE.md are enforced by eslint.config.js;
// these cases prove a wrong arrow fails `npm run lint` and a right one passes.
const eslint = new ESLint({ cwd: REPO_ROOT });

async function importErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${REPO_ROOT}/${file}` });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('layering between runtimes', () => {
  it.each([
    ['shared/model/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ['shared/model/x.ts', "import { useState } from 'react';\nexport const x = useState;"],
    ['shared/sync/x.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['renderer/app/x.ts', "import { startRelay } from '../../relay/server';\nexport const x = startRelay;"],
    ['renderer/app/x.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['renderer/app/x.ts', "import { join } from 'node:path';\nexport const x = join;"],
    ['electron/main/x.ts', "import { App } from '../../renderer/app/App';\nexport const x = App;"],
    ['relay/x.ts', "import { app } from 'electron';\nexport const x = app;"],
  ])('%s may not import that: %s', async (file, source) => {
    expect(await importErrors(file, source)).not.toEqual([]);
  });

  it.each([
    ['renderer/app/x.ts', "import { newId } from '../../shared/model';\nexport const x = newId;"],
    ['relay/x.ts', "import { parseRoom } from '../shared/protocol';\nimport { join } from 'node:path';\nexport const x = [parseRoom, join];"],
    ['electron/main/x.ts', "import { app } from 'electron';\nimport { IpcInvoke } from '../../shared/protocol';\nexport const x = [app, IpcInvoke];"],
  ])('%s may import that: %s', async (file, source) => {
    expect(await importErrors(file, source)).toEqual([]);
  });
});
