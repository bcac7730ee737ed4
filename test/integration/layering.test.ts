import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers';

// The import rules of docs/ARCHITECTURE.md (between runtimes, and inside the renderer) are enforced by eslint.config.js;
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
    // Inside the renderer: features reach each other through their index only, and never the shell.
    ['renderer/features/page/x.ts', "import { TaskList } from '../tasks/TaskList';\nexport const x = TaskList;"],
    ['renderer/features/page/x.ts', "import { useLastPage } from '../../app/useLastPage';\nexport const x = useLastPage;"],
    ['renderer/app/workspace/x.ts', "import { Sidebar } from '../../features/sidebar/Sidebar';\nexport const x = Sidebar;"],
    ['renderer/shared/x.ts', "import { Sidebar } from '../features/sidebar';\nexport const x = Sidebar;"],
    ['renderer/shared/x.ts', "import { pageKinds } from '../app/registry';\nexport const x = pageKinds;"],
    ['renderer/features/page/x.ts', "import { join } from 'node:path';\nexport const x = join;"],
  ])('%s may not import that: %s', async (file, source) => {
    expect(await importErrors(file, source)).not.toEqual([]);
  });

  it.each([
    ['renderer/app/x.ts', "import { newId } from '../../shared/model';\nexport const x = newId;"],
    ['renderer/features/page/x.ts', "import { taskListPage } from '../tasks';\nimport { useWorkspace } from '../../shared/workspace';\nimport { getPage } from '../../../shared/model';\nimport { usePageDoc } from './usePageDoc';\nexport const x = [taskListPage, useWorkspace, getPage, usePageDoc];"],
    ['renderer/app/workspace/x.ts', "import { Sidebar } from '../../features/sidebar';\nimport { useLastPage } from '../useLastPage';\nexport const x = [Sidebar, useLastPage];"],
    ['relay/x.ts', "import { parseRoom } from '../shared/protocol';\nimport { join } from 'node:path';\nexport const x = [parseRoom, join];"],
    ['electron/main/x.ts', "import { app } from 'electron';\nimport { IpcInvoke } from '../../shared/protocol';\nexport const x = [app, IpcInvoke];"],
  ])('%s may import that: %s', async (file, source) => {
    expect(await importErrors(file, source)).toEqual([]);
  });
});
