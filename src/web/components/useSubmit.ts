import type { FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError } from '../../shared/messages';
import { ApiError } from '../api/client';
import { applyFieldErrors, type FieldName } from './formErrors';

export interface SubmitOptions {
  /** Renames server fields to form field names, as in `applyFieldErrors`. */
  map?: (field: string) => FieldName | null;
  /**
   * What the error alert shows, given the error and the field errors no form field took
   * (`null` for no alert). Without it the alert shows the error as it is.
   */
  alert?: (error: unknown, left: FieldError[]) => unknown;
}

/**
 * The state of a form that sends something to the server: `busy` while `submit` runs, and the
 * error of the last failed `submit` for an `ErrorAlert`. A failure also puts the server's
 * per-field errors under the form's fields.
 */
export function useSubmit(form: FormInstance) {
  const { i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(action: () => Promise<void>, options: SubmitOptions = {}): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      const left = applyFieldErrors(form, e, i18n.language, options.map);
      setError(options.alert ? options.alert(e, left) : e);
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, setError, submit };
}

/**
 * An `alert` for `SubmitOptions`: no alert when every field error went under its field, else the
 * error with only the field errors no field took.
 */
export function unplacedOnly(error: unknown, left: FieldError[]): unknown {
  if (!(error instanceof ApiError) || !error.fields.length) return error;
  return left.length ? new ApiError(error.status, error.code, error.messages, left, error.details) : null;
}

/** Whether an error is antd's "some fields are invalid" rejection from `validateFields()`. */
export function isValidationRejection(error: unknown): boolean {
  return typeof error === 'object' && error !== null && Array.isArray((error as { errorFields?: unknown }).errorFields);
}

/**
 * The form's values when every rule passes, else `null`. antd's `validateFields()` rejects when a
 * rule fails; the form already shows each message under its field, so that rejection is no error
 * to report — left uncaught it surfaced as an unhandled rejection ("PAGEERROR: Object").
 */
export async function validValues<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch (error) {
    if (isValidationRejection(error)) return null;
    throw error;
  }
}
