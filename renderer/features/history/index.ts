// Version history: named and automatic versions of a page, each shown against the page now and restorable.
import type { EditorFeature } from '../../shared/editorFeatures';
import { HistoryRecorder } from './HistoryRecorder';
import { VersionsSection } from './VersionsSection';
import './history.css';

export const historyFeature: EditorFeature = {
  id: 'history',
  Companion: HistoryRecorder,
  ReviewSection: VersionsSection,
};
