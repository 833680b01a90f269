import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, buildUrl, setUnauthorizedHandler } from './client';

function answer(status: number, body: unknown) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  setUnauthorizedHandler(null);
});

describe('the API client', () => {
  it('leaves empty filters out of the query string', () => {
    expect(buildUrl('/api/incoming-documents', { page: 2, issuer: 'UBND tỉnh', q: '', status: undefined })).toBe(
      '/api/incoming-documents?page=2&issuer=UBND+t%E1%BB%89nh',
    );
  });

  it('sends JSON with the session cookie and returns the body', async () => {
    const fetch = answer(200, { ok: true });
    vi.stubGlobal('fetch', fetch);
    await expect(api('/api/assignments/1/notes', { method: 'POST', body: { note: 'Đang xử lý' } })).resolves.toEqual({ ok: true });
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.credentials).toBe('same-origin');
    expect(init.body).toBe(JSON.stringify({ note: 'Đang xử lý' }));
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('turns an error body into an ApiError with both languages and the field errors', async () => {
    vi.stubGlobal('fetch', answer(400, {
      error: {
        code: 'VALIDATION',
        message: { vi: 'Dữ liệu chưa hợp lệ', en: 'Invalid' },
        fields: [{ field: 'issuer', code: 'too_small', message: { vi: 'Cơ quan ban hành: không được để trống', en: 'Issuer: is required' } }],
      },
    }));
    const error = await api('/api/incoming-documents').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.code).toBe('VALIDATION');
    expect(apiError.text('vi')).toBe('Dữ liệu chưa hợp lệ');
    expect(apiError.text('en')).toBe('Invalid');
    expect(apiError.fields[0]?.field).toBe('issuer');
  });

  it('reports an ended session, but not a wrong password at sign-in', async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    vi.stubGlobal('fetch', answer(401, { error: { code: 'UNAUTHENTICATED', message: { vi: 'Bạn cần đăng nhập', en: 'Sign in' } } }));
    await api('/api/inbox').catch(() => undefined);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    await api('/api/auth/login', { method: 'POST', body: {} }).catch(() => undefined);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('explains a network failure in Vietnamese', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    const error = (await api('/api/inbox').catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('NETWORK');
    expect(error.text('vi')).toContain('Không kết nối được máy chủ');
  });
});
