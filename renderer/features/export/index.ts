// Export: the workspace as one Markdown file, from the copy on this device.
export { ExportButton } from './ExportButton';
export { buildWorkspaceMarkdown, downloadText, markdownFileName } from './exportWorkspace';
