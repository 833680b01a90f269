import type { FieldError, LocalizedText } from '../../shared/messages';

/** A failed API call: the server's stable code, its bilingual message and any per-field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: LocalizedText,
    readonly fields: FieldError[] = [],
    readonly details?: unknown,
  ) {
    super(messages.en || code);
    this.name = 'ApiError';
  }

  /** The message in the given language (Vietnamese unless English is asked for). */
  text(lang: string): string {
    return lang.startsWith('en') ? this.messages.en : this.messages.vi;
  }
}

const NETWORK_MESSAGE: LocalizedText = {
  vi: 'Không kết nối được máy chủ. Kiểm tra mạng và thử lại.',
  en: 'Cannot reach the server. Check the network and try again.',
};

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as multipart/form-data (the browser sets the boundary). */
  form?: FormData;
  /** Sent as is, with its own content type (an .edxml package as application/xml). */
  raw?: { body: Blob; type: string };
  signal?: AbortSignal;
}

let onUnauthorized: (() => void) | null = null;

/** Called when a request answers 401 outside the sign-in calls: the app goes to the login page. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Calls the VanPhong API with the session cookie; throws ApiError on any failure. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.form) {
    body = options.form;
  } else if (options.raw) {
    headers['Content-Type'] = options.raw.type;
    body = options.raw.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method: options.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE);
  }
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: LocalizedText; fields?: FieldError[]; details?: unknown } } | undefined)?.error;
    const apiError = new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? { vi: `Máy chủ trả lỗi ${response.status}.`, en: `The server answered ${response.status}.` },
      error?.fields ?? [],
      error?.details,
    );
    if (response.status === 401 && !path.startsWith('/api/auth/login') && !path.startsWith('/api/auth/me')) onUnauthorized?.();
    throw apiError;
  }
  return data as T;
}

export const post = <T>(path: string, body?: unknown) => api<T>(path, { method: 'POST', body: body ?? {} });
export const patch = <T>(path: string, body: unknown) => api<T>(path, { method: 'PATCH', body });
