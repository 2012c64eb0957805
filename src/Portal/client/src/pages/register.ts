// Registration (F1) with the zero-knowledge key set-up (F3): the browser derives the keys from the password,
// creates the practice key and sends only the salt, the authentication key and the wrapped practice key.
import { api, ApiError, forgetCsrfToken } from '../lib/api';
import { createPracticeKey, deriveKeys, KDF_ITERATIONS, randomBytes, SALT_BYTES, toBase64, unwrapPracticeKey, wrapPracticeKey } from '../lib/crypto';
import { clearErrors, element, focusFirstInvalid, setBusy, showFieldError, showFieldErrors, showMessage, value } from '../lib/forms';
import { initLanguage, t, type StringKey } from '../lib/i18n';
import { savePracticeKey } from '../lib/keystore';
import type { SessionInfo } from '../lib/session';

const MIN_PASSWORD = 8;
const MAX_PASSWORD = 32;

initLanguage();
const form = element<HTMLFormElement>('registerForm');
const button = element<HTMLButtonElement>('register');

/** The checks only the browser can make: the server never sees the password. */
function checkPassword(): boolean {
  const password = value('password');
  const length = [...password].length;
  const problems: [string, StringKey][] = [];
  if (length === 0) problems.push(['password', 'password.required']);
  else if (length > MAX_PASSWORD) problems.push(['password', 'password.tooLong']);
  else if (length < MIN_PASSWORD) problems.push(['password', 'password.tooShort']);
  else if (value('passwordRepeat') !== password) problems.push(['passwordRepeat', 'password.mismatch']);
  if (!element<HTMLInputElement>('acceptNoReset').checked) problems.push(['acceptNoReset', 'acceptNoReset.required']);
  for (const [field, key] of problems) showFieldError(field, t(key));
  return problems.length === 0;
}

form.addEventListener('submit', event => {
  event.preventDefault();
  void register();
});

async function register(): Promise<void> {
  clearErrors(form);
  showMessage('formError', '');
  if (!checkPassword()) {
    showMessage('formError', t('form.fixErrors'));
    focusFirstInvalid(form);
    return;
  }
  if (!globalThis.crypto?.subtle) {
    showMessage('formError', t('error.noCrypto'));
    return;
  }
  setBusy(button, true, 'formStatus', t('register.working'));
  try {
    const salt = randomBytes(SALT_BYTES);
    const keys = await deriveKeys(value('password'), salt, KDF_ITERATIONS);
    const practiceKey = await createPracticeKey();
    const wrapped = await wrapPracticeKey(practiceKey, keys.keyEncryptionKey);
    await api<SessionInfo>('POST', '/api/register', {
      practiceShortName: value('practiceShortName'),
      userShortName: value('userShortName'),
      practiceName: value('practiceName'),
      email: value('email'),
      lanr: value('lanr'),
      bsnr: value('bsnr'),
      postalCode: value('postalCode'),
      acceptNoReset: element<HTMLInputElement>('acceptNoReset').checked,
      kdfSalt: toBase64(salt),
      kdfIterations: KDF_ITERATIONS,
      authKey: toBase64(keys.authKey),
      wrappedPracticeKey: wrapped.ciphertext,
      wrappedPracticeKeyIv: wrapped.iv,
    });
    // Keep only a non-extractable copy for the session, exactly as a login would.
    await savePracticeKey(await unwrapPracticeKey(wrapped, keys.keyEncryptionKey));
    forgetCsrfToken();
    location.assign('/appointments');
  } catch (e) {
    setBusy(button, false, 'formStatus');
    if (e instanceof ApiError) {
      const unplaced = e.problem.errors ? showFieldErrors(e.problem.errors) : [];
      showMessage('formError', [e.problem.title ?? t('error.generic'), ...unplaced].join(' '));
      focusFirstInvalid(form);
    } else {
      showMessage('formError', t('error.generic'));
    }
  }
}
