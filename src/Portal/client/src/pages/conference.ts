// Entry point of /conference#<room token>: a conference through the SFU. The token is read from the URL
// fragment only, which browsers never send to a server.
import { ConferenceController, type ConferenceElements } from '../lib/conference/conferenceController';
import { parseConferenceLink } from '../lib/conference/conferenceLink';
import { applyTexts, currentLanguage, setLanguage, t } from '../lib/conference/strings';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} missing from conference.html`);
  return element as T;
}

function main(): void {
  const elements: ConferenceElements = {
    status: byId('status'),
    error: byId('error'),
    conference: byId('conference'),
    grid: byId('grid'),
    selfView: byId('selfView'),
    toggleCamera: byId('toggleCamera'),
    toggleMic: byId('toggleMic'),
    leave: byId('leave'),
    unmute: byId('unmute'),
    rejoin: byId('rejoin'),
  };
  let controller: ConferenceController | null = null;
  applyTexts();
  byId('languageToggle').onclick = () => {
    setLanguage(currentLanguage() === 'de' ? 'en' : 'de');
    applyTexts();
    controller?.refreshTexts();
  };

  const link = parseConferenceLink(location.hash);
  if (!link) {
    elements.error.textContent = t('missing_token');
    elements.error.hidden = false;
    return;
  }
  controller = new ConferenceController(elements, link);
  void controller.start();
}

main();
