// Version history: named and automatic versions of a page, each shown against the page now and restorable.
import type { EditorFeature } from '../../shared/editorFeatures';
import { SaveVersion } from './SaveVersion';
import { VersionsSection } from './VersionsSection';
import './history.css';

export const historyFeature: EditorFeature = {
  id: 'history',
  ToolbarItems: SaveVersion,
  ReviewSection: VersionsSection,
};
