// The person's profile: the dialog, and the fields onboarding asks for too.
export { ProfileDialog } from './ProfileDialog';
export { ProfileFields } from './ProfileFields';
