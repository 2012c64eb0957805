// Login (F2, F3): prelogin gives the salt, the browser derives the keys, the server checks the
// authentication key and returns the wrapped practice key, which only this browser can unwrap.
import { api, ApiError, forgetCsrfToken } from '../lib/api';
import { deriveKeys, fromBase64, toBase64, unwrapPracticeKey } from '../lib/crypto';
import { element, setBusy, showMessage, value } from '../lib/forms';
import { initLanguage, t } from '../lib/i18n';
import { clearPracticeKey, savePracticeKey } from '../lib/keystore';
import type { SessionInfo } from '../lib/session';

initLanguage();
const form = element<HTMLFormElement>('loginForm');
const button = element<HTMLButtonElement>('login');
if (new URLSearchParams(location.search).get('reason') === 'key') showMessage('loginNotice', t('login.keyMissing'));
// A key left behind by a session that ended without logout (browser closed) goes now, not at the next login.
void clearPracticeKey().catch(() => undefined);

form.addEventListener('submit', event => {
  event.preventDefault();
  void login();
});

async function login(): Promise<void> {
  showMessage('loginError', '');
  const practice = value('practiceShortName');
  const user = value('userShortName');
  const password = value('password');
  if (!practice.trim() || !user.trim() || !password) {
    showMessage('loginError', t('login.failed'));
    return;
  }
  if (!globalThis.crypto?.subtle) {
    showMessage('loginError', t('error.noCrypto'));
    return;
  }
  setBusy(button, true, 'loginStatus', t('login.working'));
  try {
    const pre = await api<{ kdfSalt: string; kdfIterations: number }>('POST', '/api/auth/prelogin', { practice, user });
    const keys = await deriveKeys(password, fromBase64(pre.kdfSalt), pre.kdfIterations);
    const session = await api<SessionInfo>('POST', '/api/auth/login', { practice, user, authKey: toBase64(keys.authKey) });
    const practiceKey = await unwrapPracticeKey({ ciphertext: session.wrappedPracticeKey, iv: session.wrappedPracticeKeyIv }, keys.keyEncryptionKey);
    await clearPracticeKey();
    await savePracticeKey(practiceKey);
    forgetCsrfToken();
    location.assign('/appointments');
  } catch (e) {
    setBusy(button, false, 'loginStatus');
    showMessage('loginError', e instanceof ApiError ? (e.problem.title ?? t('login.failed')) : t('error.generic'));
    element<HTMLInputElement>('password').focus();
  }
}
