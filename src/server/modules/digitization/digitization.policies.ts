import type { CurrentUser } from '../auth/current-user.js';
import { canRegister } from '../incoming/incoming.policies.js';

// Who may correct a file's read text: the clerk who registers (and keeps) the agency's incoming
// documents. Reading the text follows who may open the file (incoming canOpenFiles).
export const canCorrectText = (user: CurrentUser) => canRegister(user);
