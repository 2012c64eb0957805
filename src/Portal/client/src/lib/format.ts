// Dates as the practice sees them: the server sends wall-clock date and time in the practice's zone.
import { currentLanguage, t } from './i18n';

/** "yyyy-mm-dd" + "HH:mm" → "Di., 12.05.2026, 14:30 Uhr" (German) or "Tue, 12 May 2026, 14:30" (English). */
export function formatWallClock(date: string, time: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const [h, min] = time.split(':').map(Number);
  const instant = new Date(Date.UTC(y!, m! - 1, d!, h!, min!));
  const locale = currentLanguage() === 'en' ? 'en-GB' : 'de-DE';
  const day = new Intl.DateTimeFormat(locale, { weekday: 'short', day: '2-digit', month: currentLanguage() === 'en' ? 'short' : '2-digit', year: 'numeric', timeZone: 'UTC' }).format(instant);
  return t('date.at', { date: day, time });
}

/** "yyyy-mm-ddTHH:mm" → as {@link formatWallClock}. */
export function formatLocalIso(local: string): string {
  const [date, time] = local.split('T');
  return formatWallClock(date ?? '', time ?? '');
}
