// The crowd client stores its last problem as a code (src/background/crowd-client.ts); this is how
// the options page words it. Codes are few and fixed; anything else (builds before 0.4.0 stored English text)
// gets the generic sentence rather than being shown raw.

const CODE_KEYS: Readonly<Record<string, string>> = {
  timeout: 'crowdErrorTimeout',
  network: 'crowdErrorNetwork',
  invalid: 'crowdErrorInvalid',
}

export function crowdErrorText(code: string, tr: (key: string, ...subs: string[]) => string): string {
  const http = /^(?:http_|HTTP )(\d{3})$/.exec(code)
  if (http) return tr('crowdErrorHttp', http[1] as string)
  const key = CODE_KEYS[code]
  return tr(key ?? 'crowdErrorOther')
}
