import browser from './browser.ts'
import { createTranslator } from './translator.ts'

/** Core messages through _locales, in the worker and the extension pages. */
export const { t, tk } = createTranslator((key, subs) => browser.i18n.getMessage(key, subs))
