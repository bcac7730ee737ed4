import { readLocalDevice } from './app/device';
import { copyToDraw, openOnceReady } from './app/workspace/openingCopy';
import { drawMyWorkCopy } from './features/mywork/firstPaint';
import { Mark, markOnce } from './shared/marks';
import './app/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('Baton: #root is missing from index.html');

// A workspace that opens on My work is drawn at once from the copy this device saved of it, in
// plain DOM: React, most of the app's first script, takes a while to load on a cold start, and
// then draws the same screen (renderer/app/workspace/WorkspaceOpening.tsx).
const device = location.hash.startsWith('#join?') ? null : readLocalDevice()?.state;
const workspace = device && (device.workspaces.find((ref) => ref.id === device.currentWorkspaceId) ?? device.workspaces[0]);
const copy = workspace && device.profile ? copyToDraw(workspace.id, device.profile.memberId) : null;
const startApp = () => void import('./app/start').then(({ start }) => start(root));
if (workspace && device?.profile && copy) {
  drawMyWorkCopy(root, copy, device.profile, (listId) => openOnceReady(workspace.id, listId));
  markOnce(Mark.myWorkFromCopy);
  // Loading React is one long task: the browser paints the copy first.
  requestAnimationFrame(() => setTimeout(startApp, 0));
} else startApp();
