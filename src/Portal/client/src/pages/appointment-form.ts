// New and edit appointment (F7). The patient label is sealed here with the practice key; on creation the
// server returns the two access codes once, and they are sealed here too before the detail page shows them.
import { api, ApiError } from '../lib/api';
import { open, seal, type Sealed } from '../lib/crypto';
import { clearErrors, element, focusFirstInvalid, setBusy, showFieldError, showFieldErrors, showMessage, value } from '../lib/forms';
import { initLanguage, t, type StringKey } from '../lib/i18n';
import { requireSession } from '../lib/session';
import { storeSealedCodes, type IssuedCodes } from '../lib/codes';

const MAX_LABEL = 200;
const editMatch = /^\/appointments\/([0-9a-f-]{36})\/edit$/i.exec(location.pathname);
const appointmentId = editMatch?.[1] ?? null;

initLanguage();
const form = element<HTMLFormElement>('appointmentForm');
const save = element<HTMLButtonElement>('save');

void (async () => {
  const { practiceKey } = await requireSession();
  if (appointmentId) {
    document.title = t('form.editTitle') + ' – RedConnect';
    element('formTitle').textContent = t('form.editTitle');
    element('deleteArea').hidden = false;
    try {
      const detail = await api<{ plannedDate: string; plannedTime: string; patientLabel: Sealed }>('GET', `/api/appointments/${appointmentId}`);
      element<HTMLInputElement>('patientLabel').value = await open(practiceKey, detail.patientLabel, 'patient-label');
      element<HTMLInputElement>('plannedDate').value = detail.plannedDate;
      element<HTMLInputElement>('plannedTime').value = detail.plannedTime;
    } catch (e) {
      showMessage('formError', e instanceof ApiError ? (e.problem.title ?? t('error.generic')) : t('error.crypto'));
      save.disabled = true;
    }
    wireDelete(appointmentId);
  }
  form.addEventListener('submit', event => {
    event.preventDefault();
    void submit(practiceKey);
  });
})();

function check(): boolean {
  const problems: [string, StringKey][] = [];
  const label = value('patientLabel').trim();
  if (label.length === 0) problems.push(['patientLabel', 'patientLabel.required']);
  else if ([...label].length > MAX_LABEL) problems.push(['patientLabel', 'patientLabel.tooLong']);
  if (!value('plannedDate')) problems.push(['plannedDate', 'plannedDate.required']);
  if (!value('plannedTime')) problems.push(['plannedTime', 'plannedTime.required']);
  for (const [field, key] of problems) showFieldError(field, t(key));
  return problems.length === 0;
}

async function submit(practiceKey: CryptoKey): Promise<void> {
  clearErrors(form);
  showMessage('formError', '');
  if (!check()) {
    showMessage('formError', t('form.fixErrors'));
    focusFirstInvalid(form);
    return;
  }
  setBusy(save, true, 'formStatus', t('form.saving'));
  try {
    const body = {
      patientLabel: await seal(practiceKey, value('patientLabel').trim(), 'patient-label'),
      plannedDate: value('plannedDate'),
      plannedTime: value('plannedTime'),
    };
    let id = appointmentId;
    if (id) {
      await api<void>('PUT', `/api/appointments/${id}`, body);
    } else {
      const codes = await api<IssuedCodes>('POST', '/api/appointments', body);
      id = codes.id;
      await storeSealedCodes(practiceKey, codes);
    }
    location.assign(`/appointments/${id}`);
  } catch (e) {
    setBusy(save, false, 'formStatus');
    if (e instanceof ApiError) {
      const unplaced = e.problem.errors ? showFieldErrors(e.problem.errors) : [];
      showMessage('formError', [e.problem.title ?? t('error.generic'), ...unplaced].join(' '));
      focusFirstInvalid(form);
    } else {
      showMessage('formError', t('error.generic'));
    }
  }
}

function wireDelete(id: string): void {
  const ask = element<HTMLButtonElement>('delete');
  const confirmBox = element('deleteConfirm');
  ask.addEventListener('click', () => {
    confirmBox.hidden = false;
    element<HTMLButtonElement>('confirmDelete').focus();
  });
  element<HTMLButtonElement>('cancelDelete').addEventListener('click', () => {
    confirmBox.hidden = true;
    ask.focus();
  });
  element<HTMLButtonElement>('confirmDelete').addEventListener('click', async () => {
    try {
      await api<void>('DELETE', `/api/appointments/${id}`);
      location.assign('/appointments');
    } catch (e) {
      showMessage('formError', e instanceof ApiError ? (e.problem.title ?? t('error.generic')) : t('error.generic'));
    }
  });
}
