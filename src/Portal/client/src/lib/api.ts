// JSON calls to the portal API: same-origin only, with the anti-forgery token on every state-changing call.
import { t } from './i18n';

export interface Problem {
  title?: string;
  status?: number;
  errors?: Record<string, string[]>;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.title ?? `HTTP ${status}`);
  }
}

let csrfToken: string | null = null;

async function token(): Promise<string> {
  if (csrfToken === null) {
    const response = await fetch('/api/antiforgery', { credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) throw new ApiError(response.status, { title: t('error.generic') });
    csrfToken = ((await response.json()) as { token: string }).token;
  }
  return csrfToken;
}

/** The token belongs to the signed-in identity: fetch a new one after login, registration and logout. */
export function forgetCsrfToken(): void {
  csrfToken = null;
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-TOKEN'] = await token();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { title: t('error.network') });
  }
  if (response.status === 204) return undefined as T;
  const isJson = (response.headers.get('Content-Type') ?? '').includes('json');
  const data: unknown = isJson ? await response.json() : undefined;
  if (!response.ok) throw new ApiError(response.status, (data as Problem | undefined) ?? { title: t('error.generic') });
  return data as T;
}
