import { type CurrentUser, hasRole } from '../auth/current-user.js';

// Who may do what with surveys. Who may SEE one is a SQL condition (surveys.service.ts surveyRows):
// its creator, those it was sent to, and the agency's leaders.

/** The agency's leaders and its office (clerks, the chief of office) create surveys. */
export const canCreateSurvey = (user: CurrentUser) =>
  hasRole(user, 'leader') || hasRole(user, 'clerk') || user.position === 'chief_of_office';

/** Results: the creator and the agency's leaders. */
export const canSeeResults = (user: CurrentUser, survey: { created_by: string }) =>
  survey.created_by === user.id || hasRole(user, 'leader');
