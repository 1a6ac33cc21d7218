// The ONLY import site of the browser namespace. Everything else imports from here, so unit tests
// swap one module (test/unit/setup.ts) and the MAIN-world script can never pull the polyfill in.
import browser from 'webextension-polyfill'

export type Browser = typeof browser
export default browser
