// Notifications: the list on screen and the controller that fills it.
export { Toasts, useToasts } from './Toasts';
export type { Toast, ToastController } from './Toasts';
