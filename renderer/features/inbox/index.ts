// The catch-up inbox: "since you were last here", worked out on the device (shared/inbox).
export { INBOX_VIEW, InboxView } from './InboxView';
export { PageNews } from './PageNews';
export { useInbox } from './useInbox';
