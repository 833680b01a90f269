import type { FormInstance } from 'antd';
import { FIELD_LABELS, type FieldError } from '../../shared/messages';
import { ApiError } from '../api/client';

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
  map: (field: string) => string | null = (field) => field,
): FieldError[] {
  if (!(error instanceof ApiError) || !error.fields.length) return [];
  const known = new Set(Object.keys(form.getFieldsValue(true) as Record<string, unknown>));
  const byField = new Map<string, string[]>();
  const left: FieldError[] = [];
  for (const fieldError of error.fields) {
    const name = map(fieldError.field);
    if (name && (known.has(name) || form.getFieldInstance(name) !== undefined)) {
      byField.set(name, [...(byField.get(name) ?? []), fieldMessage(fieldError, lang)]);
    } else {
      left.push(fieldError);
    }
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return left;
}
