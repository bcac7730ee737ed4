// What the person sees of sync: the always-visible indicator and the access banner.
export { AccessBanner } from './AccessBanner';
export { SyncIndicator } from './SyncIndicator';
