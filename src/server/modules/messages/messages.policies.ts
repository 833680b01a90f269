import type { CurrentUser } from '../auth/current-user.js';

// Who may do what in a conversation. Who may READ one is a SQL condition (messages.repository.ts:
// a current member, in their own agency), so a list never shows another's conversation.

/** The creator of a group adds and removes members. */
export const canManage = (user: CurrentUser, conversation: { kind: string; created_by: string }) =>
  conversation.kind === 'group' && conversation.created_by === user.id;

/** Any member of a group but its creator leaves it (the creator leaves once alone in it). */
export const canLeave = (user: CurrentUser, conversation: { kind: string; created_by: string }) =>
  conversation.kind === 'group' && conversation.created_by !== user.id;
