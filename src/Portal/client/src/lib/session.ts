// What every page behind the login needs: the session (or a redirect to /login), the practice key from
// IndexedDB, and a working #logout button.
import { api, ApiError, forgetCsrfToken } from './api';
import { clearPracticeKey, loadPracticeKey } from './keystore';

export interface SessionInfo {
  practiceShortName: string;
  userShortName: string;
  practiceName: string;
  isAdmin: boolean;
  wrappedPracticeKey: string;
  wrappedPracticeKeyIv: string;
}

export interface Session {
  info: SessionInfo;
  practiceKey: CryptoKey;
}

export async function logout(reason?: 'key'): Promise<void> {
  try {
    await api<void>('POST', '/api/auth/logout');
  } catch {
    // leave anyway; the cookie expires on its own
  }
  forgetCsrfToken();
  await clearPracticeKey().catch(() => undefined);
  location.assign(reason ? `/login?reason=${reason}` : '/login');
}

/** Resolves with the session, or navigates away (and never resolves) when there is none. */
export async function requireSession(): Promise<Session> {
  document.getElementById('logout')?.addEventListener('click', () => void logout());
  let info: SessionInfo;
  try {
    info = await api<SessionInfo>('GET', '/api/auth/session');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) location.assign('/login');
    throw e;
  }
  const practiceKey = await loadPracticeKey().catch(() => null);
  if (!practiceKey) {
    await logout('key');
    return new Promise<Session>(() => undefined);
  }
  return { info, practiceKey };
}
