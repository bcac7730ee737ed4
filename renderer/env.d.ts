import type { BatonDesktopApi } from '../shared/protocol';

declare global {
  interface Window {
    /** Present only in the desktop app (defined by the preload). */
    baton?: BatonDesktopApi;
  }
}
