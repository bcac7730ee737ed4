// Check-ins instead of stand-ups: asked at each member's own time, answered in docs of their own (shared/model/checkIns.ts).
export { CHECK_INS_VIEW, CheckInsView } from './CheckInsView';
export { useCheckIns } from './useCheckIns';
