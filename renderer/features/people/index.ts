// People and time: who is at work now, who is online, everyone's hours in my time, and each person's own time.
export { localTimeOf, TEAM_VIEW } from './team';
export { TeamView } from './TeamView';
export { usePresence } from './usePresence';
