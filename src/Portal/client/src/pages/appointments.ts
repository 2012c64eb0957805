// The practice's appointments (F7): upcoming and past, patient labels decrypted here.
import { api } from '../lib/api';
import { open, type Sealed } from '../lib/crypto';
import { element, showMessage } from '../lib/forms';
import { formatWallClock } from '../lib/format';
import { initLanguage, t } from '../lib/i18n';
import { requireSession } from '../lib/session';

interface Summary { id: string; plannedDate: string; plannedTime: string; patientLabel: Sealed }
interface List { timeZone: string; upcoming: Summary[]; past: Summary[] }

initLanguage();
void (async () => {
  try {
    const session = await requireSession();
    element('signedInAs').textContent = t('appointments.signedInAs', { user: session.info.userShortName, practice: session.info.practiceName });
    const list = await api<List>('GET', '/api/appointments');
    await render('upcomingList', list.upcoming, session.practiceKey);
    await render('pastList', list.past, session.practiceKey);
    showMessage('listStatus', '');
  } catch {
    showMessage('listStatus', t('error.generic'));
  }
})();

async function render(listId: string, items: Summary[], key: CryptoKey): Promise<void> {
  const list = element<HTMLUListElement>(listId);
  list.replaceChildren();
  if (items.length === 0) {
    const empty = document.createElement('li');
    empty.className = 'empty';
    empty.textContent = t('appointments.none');
    list.append(empty);
    return;
  }
  for (const item of items) {
    const label = await open(key, item.patientLabel, 'patient-label').catch(() => t('appointments.unreadable'));
    const row = document.createElement('li');
    row.dataset.appointmentId = item.id;
    const link = document.createElement('a');
    link.href = `/appointments/${item.id}`;
    const when = document.createElement('span');
    when.className = 'when';
    when.textContent = formatWallClock(item.plannedDate, item.plannedTime);
    const who = document.createElement('span');
    who.className = 'label';
    who.textContent = label;
    link.append(when, who);
    row.append(link);
    list.append(row);
  }
}
