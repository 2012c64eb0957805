// Entry point of the start page.
import { initLanguage } from '../lib/i18n';

initLanguage();
