// The catch-up inbox: "since you were last here", worked out on the device (shared/inbox).
export { INBOX_VIEW, InboxView } from './InboxView';
export { useInbox } from './useInbox';
