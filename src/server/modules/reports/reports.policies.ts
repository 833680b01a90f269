import { type CurrentUser, hasRole } from '../auth/current-user.js';

// Who may see the tracking screens and take the registers and reports out of the system.
// - The agency's leaders and its clerks (văn thư, who keeps and prints the registers): the whole agency.
// - Unit heads: the tracking register, the report on handling and the statistics of their unit's
//   part — the documents they may see anyway (held by them or by the unit they head; the incoming
//   register's visibility rule, applied in SQL). They follow their own unit's deadlines.
// - Specialists: none of it (403); their own work is in their inbox.
// The incoming register itself (sổ đăng ký văn bản đến) is the agency's book: leaders and clerks only.
// The Phiếu giải quyết of one document: whoever may see that document.

export const canTrack = (user: CurrentUser) => hasRole(user, 'leader') || hasRole(user, 'clerk') || hasRole(user, 'unit_head');

export const canExportAgencyRegister = (user: CurrentUser) => hasRole(user, 'leader') || hasRole(user, 'clerk');
