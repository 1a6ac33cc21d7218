import { createBackgroundCaller } from '../shared/messaging.ts'
import browser from './browser.ts'

/** The typed background call for the popup and the options page. */
export const callBackground = createBackgroundCaller((message) => browser.runtime.sendMessage(message))
