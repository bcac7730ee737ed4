// The sidebar: workspace name or switcher, the page tree and its keyboard.
export { Sidebar } from './Sidebar';
