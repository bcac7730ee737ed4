// Notifications: what others sent you, shown once your working hours say so (shared/model/notifications.ts).
export { NotificationsButton } from './NotificationsButton';
