import { ValidationError } from '../../http/errors.js';
import { FIELD_MESSAGES, type FieldMessage } from '../../../shared/messages.js';
import type { EdxmlProblem } from './edxml.types.js';

const REASONS: Record<EdxmlProblem['kind'], FieldMessage> = {
  missing: 'EDXML_MISSING', too_long: 'EDXML_TOO_LONG', invalid: 'EDXML_INVALID', duplicate: 'EDXML_DUPLICATE', malformed: 'EDXML_MALFORMED',
};

/** A refused package as the one 400 shape of the API: one field error per problem, naming its element. */
export function edxmlValidationError(problems: EdxmlProblem[]): ValidationError {
  return new ValidationError(problems.map((p) => {
    const reason = REASONS[p.kind];
    const fill = (text: string) => text.replace('{{element}}', p.element).replace('{{limit}}', String(p.limit ?? ''));
    return { field: `edxml.${p.element}`, code: reason, message: { vi: fill(FIELD_MESSAGES[reason].vi), en: fill(FIELD_MESSAGES[reason].en) } };
  }));
}
