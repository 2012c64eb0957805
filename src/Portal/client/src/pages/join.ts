// Entry point of /j: the participant link (/j#CODE) and the organizer's "start call" both land here. The code
// is read from the URL fragment, which browsers never send to a server, or typed into the code field.
import { CallController, type CallElements } from '../lib/call/callController';
import { loadResume, normalizeCode, resumeKeyFor } from '../lib/call/resumeStore';
import { applyTexts, currentLanguage, setLanguage, t } from '../lib/call/strings';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} missing from j.html`);
  return element as T;
}

const elements: CallElements = {
  status: byId('status'),
  error: byId('error'),
  call: byId('call'),
  localVideo: byId('localVideo'),
  remoteVideo: byId('remoteVideo'),
  remoteName: byId('remoteName'),
  toggleCamera: byId('toggleCamera'),
  toggleMic: byId('toggleMic'),
  hangup: byId('hangup'),
  unmute: byId('unmute'),
};
const codeForm = byId<HTMLFormElement>('codeForm');
const codeInput = byId<HTMLInputElement>('code');
const nameForm = byId<HTMLFormElement>('nameForm');
const nameInput = byId<HTMLInputElement>('displayName');
const nameError = byId('displayNameError');
let controller: CallController | null = null;

function askDisplayName(): Promise<string> {
  nameForm.hidden = false;
  nameInput.focus();
  return new Promise(resolve => {
    nameForm.onsubmit = event => {
      event.preventDefault();
      const name = nameInput.value.trim();
      if (!name) {
        nameError.textContent = t('displayNameRequired');
        nameError.hidden = false;
        nameInput.setAttribute('aria-invalid', 'true');
        nameInput.focus();
        return;
      }
      nameForm.hidden = true;
      nameForm.onsubmit = null;
      resolve(name.slice(0, 80));
    };
  });
}

async function joinWith(input: string): Promise<void> {
  elements.error.hidden = true;
  codeForm.hidden = true;
  const code = normalizeCode(input);
  if (!code) {
    elements.error.textContent = t('unknown_code');
    elements.error.hidden = false;
    codeForm.hidden = false;
    return;
  }
  const resumeKey = await resumeKeyFor(code);
  controller = new CallController(elements, { code, resumeKey, resume: loadResume(resumeKey), askDisplayName });
  if (!(await controller.start())) {
    controller = null;
    codeInput.value = '';
    codeForm.hidden = false;
  }
}

function main(): void {
  applyTexts();
  byId('languageToggle').onclick = () => {
    setLanguage(currentLanguage() === 'de' ? 'en' : 'de');
    applyTexts();
    controller?.refreshTexts();
  };
  codeForm.onsubmit = event => {
    event.preventDefault();
    void joinWith(codeInput.value);
  };

  // The fragment stays in the address bar so a reload rejoins; it never reaches the server or its logs.
  const fromFragment = decodeURIComponent(location.hash.replace(/^#/, ''));
  if (fromFragment) void joinWith(fromFragment);
  else {
    codeForm.hidden = false;
    codeInput.focus();
  }
}

main();
