import { type CurrentUser, hasRole } from '../auth/current-user.js';

// Who may do what with electronic copies. Who may see or download one follows its source document
// (documents.visibility.ts, and for a secret incoming document the rule for its files).

/** Only the clerk (văn thư) makes copies: they carry the agency's signature (Decree 30, PL I). */
export const canMakeCopies = (user: CurrentUser) => hasRole(user, 'clerk');

/** The copies register (sổ sao văn bản): the clerk who keeps it, and the agency's leaders. */
export const canReadCopiesRegister = (user: CurrentUser) => hasRole(user, 'clerk') || hasRole(user, 'leader');
