import type { FormInstance } from 'antd';
import { FIELD_LABELS, type FieldError } from '../../shared/messages';
import { ApiError } from '../api/client';

/** A form field: a name, or a path to a nested one. */
export type FieldName = string | (string | number)[];

/** A server field message without its "Label: " prefix (the form shows the label already). */
export function fieldMessage(error: FieldError, lang: string): string {
  const english = lang.startsWith('en');
  const text = english ? error.message.en : error.message.vi;
  const key = error.field.split('.').find((part) => FIELD_LABELS[part]);
  const label = key ? FIELD_LABELS[key] : undefined;
  const prefix = label ? `${english ? label.en : label.vi}: ` : '';
  const bare = prefix && text.startsWith(prefix) ? text.slice(prefix.length) : text;
  return bare.charAt(0).toUpperCase() + bare.slice(1);
}

/**
 * Puts a 400's per-field errors under the matching form fields. `map` renames server fields to
 * form field names (e.g. `assignments.0.unitId` → `lead`). Returns the errors no field took.
 */
export function applyFieldErrors(
  form: FormInstance,
  error: unknown,
  lang: string,
  map: (field: string) => FieldName | null = (field) => field,
): FieldError[] {
  if (!(error instanceof ApiError) || !error.fields.length) return [];
  const known = new Set(Object.keys(form.getFieldsValue(true) as Record<string, unknown>));
  // Grouped by the field's path, as a key (a path may be nested: ['coordinateDue', 'unit:…']).
  const byField = new Map<string, { name: FieldName; errors: string[] }>();
  const left: FieldError[] = [];
  for (const fieldError of error.fields) {
    const name = map(fieldError.field);
    if (name && ((typeof name === 'string' && known.has(name)) || form.getFieldInstance(name) !== undefined)) {
      const key = JSON.stringify(name);
      const entry = byField.get(key) ?? { name, errors: [] };
      entry.errors.push(fieldMessage(fieldError, lang));
      byField.set(key, entry);
    } else {
      left.push(fieldError);
    }
  }
  form.setFields([...byField.values()]);
  return left;
}
