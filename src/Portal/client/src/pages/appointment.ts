// One appointment (F7, F8, F11): the decrypted label and codes, the participant link, copy and mailto
// invitation, the organizer's start link, the codes' validity, and renewing both codes.
import { api, ApiError } from '../lib/api';
import { storeSealedCodes, type IssuedCodes } from '../lib/codes';
import { open, type Sealed } from '../lib/crypto';
import { element, showMessage } from '../lib/forms';
import { formatLocalIso, formatWallClock } from '../lib/format';
import { initLanguage, t } from '../lib/i18n';
import { requireSession, type Session } from '../lib/session';

interface Detail {
  id: string;
  plannedDate: string;
  plannedTime: string;
  timeZone: string;
  patientLabel: Sealed;
  validFromLocal: string;
  validUntilLocal: string;
  organizerCode: Sealed | null;
  participantCode: Sealed | null;
}

const id = /^\/appointments\/([0-9a-f-]{36})$/i.exec(location.pathname)?.[1] ?? '';

initLanguage();
void (async () => {
  const session = await requireSession();
  element<HTMLAnchorElement>('editAppointment').href = `/appointments/${id}/edit`;
  wireCopy();
  wireRenew(session);
  await show(session);
})();

async function show(session: Session): Promise<void> {
  let detail: Detail;
  try {
    detail = await api<Detail>('GET', `/api/appointments/${id}`);
  } catch (e) {
    showMessage('pageError', e instanceof ApiError ? (e.problem.title ?? t('error.generic')) : t('error.generic'));
    element('details').hidden = true;
    return;
  }
  const key = session.practiceKey;
  const when = formatWallClock(detail.plannedDate, detail.plannedTime);
  const validity = t('detail.validityText', { from: formatLocalIso(detail.validFromLocal), until: formatLocalIso(detail.validUntilLocal) });
  element('plannedAt').textContent = `${when} (${detail.timeZone})`;
  element('validity').textContent = validity;
  try {
    element('patientLabel').textContent = await open(key, detail.patientLabel, 'patient-label');
  } catch {
    element('patientLabel').textContent = t('appointments.unreadable');
  }

  const codes = detail.organizerCode && detail.participantCode
    ? await Promise.all([open(key, detail.organizerCode, 'access-code organizer'), open(key, detail.participantCode, 'access-code participant')]).catch(() => null)
    : null;
  element('codes').hidden = codes === null;
  showMessage('codesMissing', codes === null ? t('detail.codesMissing') : '');
  if (codes === null) return;
  const [organizer, participant] = codes;
  const link = `${location.origin}/j#${participant}`;
  element('organizerCode').textContent = organizer;
  element('participantCode').textContent = participant;
  element('participantLink').textContent = link;
  element<HTMLAnchorElement>('startCall').href = `/j#${organizer}`;
  const subject = t('mail.subject', { date: when });
  const body = t('mail.body', {
    when, link, joinPage: `${location.origin}/j`, code: participant, validity, practice: session.info.practiceName,
  });
  element<HTMLAnchorElement>('mailtoLink').href = `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}

function wireCopy(): void {
  element<HTMLButtonElement>('copyLink').addEventListener('click', async () => {
    const link = element('participantLink').textContent ?? '';
    try {
      await navigator.clipboard.writeText(link);
      showMessage('copyStatus', t('detail.copied'));
    } catch {
      const range = document.createRange();
      range.selectNodeContents(element('participantLink'));
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      showMessage('copyStatus', t('detail.copyFailed'));
    }
  });
}

function wireRenew(session: Session): void {
  const ask = element<HTMLButtonElement>('renewCodes');
  const box = element('renewConfirm');
  ask.addEventListener('click', () => {
    box.hidden = false;
    element<HTMLButtonElement>('confirmRenew').focus();
  });
  element<HTMLButtonElement>('cancelRenew').addEventListener('click', () => {
    box.hidden = true;
    ask.focus();
  });
  element<HTMLButtonElement>('confirmRenew').addEventListener('click', async () => {
    try {
      const codes = await api<IssuedCodes>('POST', `/api/appointments/${id}/codes`);
      await storeSealedCodes(session.practiceKey, codes);
      box.hidden = true;
      await show(session);
      showMessage('renewStatus', t('detail.renewed'));
    } catch (e) {
      showMessage('pageError', e instanceof ApiError ? (e.problem.title ?? t('error.generic')) : t('error.generic'));
    }
  });
}
