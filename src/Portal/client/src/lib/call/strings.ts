// The call UI's texts, German first (the words users of video consultations know), English on request.

export type Language = 'de' | 'en';

const de = {
  title: 'Videosprechstunde',
  codeLabel: 'Zugangscode',
  codeHint: 'Der Code steht in Ihrer Einladung, z. B. 7KQ4-M2XD-9HFA.',
  join: 'Beitreten',
  displayNameLabel: 'Ihr Name',
  displayNameHint: 'Nur Ihre Ärztin bzw. Ihr Arzt sieht diesen Namen. Er wird nicht auf unserem Server gespeichert.',
  displayNameRequired: 'Bitte geben Sie Ihren Namen ein.',
  start: 'Gespräch starten',
  connectingServer: 'Verbindung zum Server wird hergestellt …',
  waiting: 'Bitte warten …',
  connecting: 'Verbindung wird aufgebaut …',
  connected: 'Verbunden',
  reconnecting: 'Verbindung unterbrochen – wird wiederhergestellt …',
  ended: 'Das Gespräch wurde beendet.',
  replaced: 'Das Gespräch wird in einem anderen Fenster fortgesetzt.',
  cameraOff: 'Kamera aus',
  cameraOn: 'Kamera an',
  micOff: 'Mikrofon aus',
  micOn: 'Mikrofon an',
  hangup: 'Auflegen',
  unmute: 'Ton einschalten',
  localVideo: 'Eigenes Bild',
  remoteVideo: 'Bild des Gegenübers',
  switchLanguage: 'English',
  unknown_code: 'Dieser Zugangscode ist uns nicht bekannt.',
  code_in_use: 'Dieser Zugangscode wird bereits verwendet.',
  not_yet_valid: 'Dieser Zugangscode ist erst ab {0} gültig.',
  expired: 'Dieser Zugangscode ist abgelaufen.',
  rate_limited: 'Zu viele Versuche. Bitte warten Sie einen Moment.',
  invalid_request: 'Die Anfrage war ungültig. Bitte laden Sie die Seite neu.',
  server_error: 'Ein Fehler ist aufgetreten. Bitte versuchen Sie es erneut.',
  unreachable: 'Der Server ist nicht erreichbar. Bitte prüfen Sie Ihre Internetverbindung.',
  mediaError: 'Kamera oder Mikrofon konnten nicht gestartet werden. Bitte erlauben Sie den Zugriff im Browser.',
};

type Key = keyof typeof de;

const en: Record<Key, string> = {
  title: 'Video consultation',
  codeLabel: 'Access code',
  codeHint: 'You find the code in your invitation, e.g. 7KQ4-M2XD-9HFA.',
  join: 'Join',
  displayNameLabel: 'Your name',
  displayNameHint: 'Only your doctor sees this name. It is not stored on our server.',
  displayNameRequired: 'Please enter your name.',
  start: 'Start the call',
  connectingServer: 'Connecting to the server …',
  waiting: 'Please wait …',
  connecting: 'Connecting …',
  connected: 'Connected',
  reconnecting: 'Connection lost – reconnecting …',
  ended: 'The call has ended.',
  replaced: 'The call continues in another window.',
  cameraOff: 'Camera off',
  cameraOn: 'Camera on',
  micOff: 'Microphone off',
  micOn: 'Microphone on',
  hangup: 'Hang up',
  unmute: 'Turn sound on',
  localVideo: 'Your picture',
  remoteVideo: 'Your counterpart',
  switchLanguage: 'Deutsch',
  unknown_code: 'We do not know this access code.',
  code_in_use: 'This access code is already in use.',
  not_yet_valid: 'This access code is valid from {0}.',
  expired: 'This access code has expired.',
  rate_limited: 'Too many attempts. Please wait a moment.',
  invalid_request: 'The request was invalid. Please reload the page.',
  server_error: 'Something went wrong. Please try again.',
  unreachable: 'The server cannot be reached. Please check your internet connection.',
  mediaError: 'Camera or microphone could not be started. Please allow access in your browser.',
};

const languageKey = 'redconnect.lang';

export function currentLanguage(): Language {
  const stored = safeStorage(() => localStorage.getItem(languageKey));
  const chosen = stored ?? document.documentElement.lang;
  return chosen?.toLowerCase().startsWith('en') ? 'en' : 'de';
}

export function setLanguage(language: Language): void {
  safeStorage(() => localStorage.setItem(languageKey, language));
  document.documentElement.lang = language;
}

export function t(key: Key, ...args: string[]): string {
  const text = (currentLanguage() === 'en' ? en : de)[key];
  return args.reduce((s, arg, i) => s.replace(`{${i}}`, arg), text);
}

export function isKnownKey(key: string): key is Key {
  return Object.prototype.hasOwnProperty.call(de, key);
}

/** A date and time as people in the practice's country read it (Europe/Berlin). */
export function formatInstant(iso: string): string {
  const locale = currentLanguage() === 'en' ? 'en-GB' : 'de-DE';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' })
    .format(new Date(iso));
}

/** Fills every element carrying data-text="key" (text) or data-label="key" (aria-label). */
export function applyTexts(root: ParentNode = document): void {
  document.documentElement.lang = currentLanguage();
  root.querySelectorAll<HTMLElement>('[data-text]').forEach(el => {
    const key = el.dataset.text!;
    if (isKnownKey(key)) el.textContent = t(key);
  });
  root.querySelectorAll<HTMLElement>('[data-label]').forEach(el => {
    const key = el.dataset.label!;
    if (isKnownKey(key)) el.setAttribute('aria-label', t(key));
  });
}

function safeStorage<T>(action: () => T): T | null {
  try { return action(); } catch { return null; }
}
