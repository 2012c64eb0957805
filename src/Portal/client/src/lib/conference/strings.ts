// The conference page's texts, German first, English on request. The language choice is the call UI's
// (one switch for both pages).
import { currentLanguage, setLanguage, type Language } from '../call/strings';

export { currentLanguage, setLanguage, type Language };

const de = {
  title: 'Videokonferenz',
  switchLanguage: 'English',
  connectingServer: 'Verbindung zum Server wird hergestellt …',
  startingMedia: 'Kamera und Mikrofon werden gestartet …',
  joining: 'Konferenz wird betreten …',
  alone: 'Sie sind bisher allein in der Konferenz.',
  inConference: 'In der Konferenz: {0} Personen',
  left: 'Die Konferenz wurde verlassen.',
  lost: 'Die Verbindung zum Server wurde unterbrochen. Bitte laden Sie die Seite neu.',
  removed: 'Die Verbindung für Bild und Ton zur Konferenz ist abgebrochen.',
  rejoin: 'Wieder teilnehmen',
  cameraOff: 'Kamera aus',
  cameraOn: 'Kamera an',
  micOff: 'Mikrofon aus',
  micOn: 'Mikrofon an',
  leave: 'Verlassen',
  unmute: 'Ton einschalten',
  selfView: 'Eigenes Bild',
  participantVideo: 'Bild einer teilnehmenden Person',
  grid: 'Teilnehmende',
  missing_token: 'Dieser Konferenz-Link ist unvollständig. Bitte öffnen Sie den Link aus Ihrer Einladung.',
  invalid_token: 'Dieser Konferenz-Link ist ungültig.',
  expired_token: 'Dieser Konferenz-Link ist abgelaufen.',
  room_full: 'Diese Konferenz ist voll.',
  invalid_sdp: 'Ihr Browser und der Server konnten sich nicht auf Bild und Ton einigen.',
  invalid_request: 'Die Anfrage war ungültig. Bitte laden Sie die Seite neu.',
  already_joined: 'Sie sind dieser Konferenz bereits beigetreten.',
  not_joined: 'Sie sind nicht mehr in der Konferenz. Bitte laden Sie die Seite neu.',
  unavailable: 'Konferenzen sind auf diesem Server derzeit nicht verfügbar.',
  server_error: 'Ein Fehler ist aufgetreten. Bitte versuchen Sie es erneut.',
  unreachable: 'Der Server ist nicht erreichbar. Bitte prüfen Sie Ihre Internetverbindung.',
  mediaError: 'Kamera oder Mikrofon konnten nicht gestartet werden. Sie sehen und hören die anderen trotzdem.',
  mediaFailed: 'Die Verbindung für Bild und Ton ist fehlgeschlagen.',
};

type Key = keyof typeof de;

const en: Record<Key, string> = {
  title: 'Video conference',
  switchLanguage: 'Deutsch',
  connectingServer: 'Connecting to the server …',
  startingMedia: 'Starting camera and microphone …',
  joining: 'Joining the conference …',
  alone: 'You are alone in the conference so far.',
  inConference: 'In the conference: {0} people',
  left: 'You have left the conference.',
  lost: 'The connection to the server was lost. Please reload the page.',
  removed: 'The picture and sound connection to the conference broke off.',
  rejoin: 'Take part again',
  cameraOff: 'Camera off',
  cameraOn: 'Camera on',
  micOff: 'Microphone off',
  micOn: 'Microphone on',
  leave: 'Leave',
  unmute: 'Turn sound on',
  selfView: 'Your picture',
  participantVideo: 'Picture of a participant',
  grid: 'Participants',
  missing_token: 'This conference link is incomplete. Please open the link from your invitation.',
  invalid_token: 'This conference link is not valid.',
  expired_token: 'This conference link has expired.',
  room_full: 'This conference is full.',
  invalid_sdp: 'Your browser and the server could not agree on picture and sound.',
  invalid_request: 'The request was invalid. Please reload the page.',
  already_joined: 'You have already joined this conference.',
  not_joined: 'You are no longer in the conference. Please reload the page.',
  unavailable: 'Conferences are currently not available on this server.',
  server_error: 'Something went wrong. Please try again.',
  unreachable: 'The server cannot be reached. Please check your internet connection.',
  mediaError: 'Camera or microphone could not be started. You still see and hear the others.',
  mediaFailed: 'The connection for picture and sound failed.',
};

export type ConferenceText = Key;

export function t(key: Key, ...args: string[]): string {
  const text = (currentLanguage() === 'en' ? en : de)[key];
  return args.reduce((s, arg, i) => s.replace(`{${i}}`, arg), text);
}

export function isKnownKey(key: string): key is Key {
  return Object.prototype.hasOwnProperty.call(de, key);
}

/** Fills every element carrying data-text="key" (text) or data-label="key" (aria-label). */
export function applyTexts(root: ParentNode = document): void {
  document.documentElement.lang = currentLanguage();
  document.title = `${t('title')} – RedConnect`;
  root.querySelectorAll<HTMLElement>('[data-text]').forEach(el => {
    const key = el.dataset.text!;
    if (isKnownKey(key)) el.textContent = t(key);
  });
  root.querySelectorAll<HTMLElement>('[data-label]').forEach(el => {
    const key = el.dataset.label!;
    if (isKnownKey(key)) el.setAttribute('aria-label', t(key));
  });
}
