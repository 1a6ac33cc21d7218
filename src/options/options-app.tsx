import { useEffect, useState } from 'preact/hooks'
import { type Settings, validateServerUrl } from '../shared/settings.ts'
import { CrowdConsent } from '../ui/crowd-consent.tsx'
import { tr } from '../ui/use-i18n.ts'
import type { ComponentChoice, OptionsConnector } from './connector.ts'
import { crowdErrorText } from './crowd-error.ts'

export interface OptionsAppProps {
  connector: OptionsConnector
}

export function OptionsApp({ connector }: OptionsAppProps) {
  const [settings, setSettings] = useState<Settings | null>(null)
  const [components, setComponents] = useState<ComponentChoice[]>([])
  const [saved, setSaved] = useState<'idle' | 'saved' | 'error'>('idle')
  const [serverDraft, setServerDraft] = useState<string | null>(null)
  const [serverError, setServerError] = useState<string | null>(null)
  const [crowdError, setCrowdError] = useState<string | null>(null)
  /** Firefox's consent; crowd reports act (and show) as off without it, whatever is stored. */
  const [consent, setConsent] = useState(true)

  useEffect(() => {
    const load = () => {
      void connector.crowdConsentGranted().then(setConsent, () => setConsent(false))
      void connector.loadSettings().then(setSettings)
    }
    load()
    void connector.loadComponents().then(setComponents)
    void connector.crowdStatus().then(
      (s) => setCrowdError(s.error),
      () => {},
    )
    return connector.subscribe(load)
  }, [connector])

  if (!settings) return <main class="options">{tr('loading')}</main>

  const update = (next: Settings) => {
    setSettings(next)
    connector.saveSettings(next).then(
      () => setSaved('saved'),
      () => setSaved('error'),
    )
  }
  const toggleComponent = (id: string, on: boolean) => {
    const watched = new Set(settings.watchedComponents)
    if (on) watched.add(id)
    else watched.delete(id)
    // Keep the live order, so the popup lists match the status page.
    update({ ...settings, watchedComponents: components.map((c) => c.id).filter((c) => watched.has(c)) })
  }

  return (
    <main class="options">
      <h1>{tr('optionsTitle')}</h1>
      <fieldset>
        <legend>{tr('optionsWatchLegend')}</legend>
        <p class="hint">{tr('optionsWatchHint')}</p>
        {components.map((c) => {
          const watched = settings.watchedComponents.includes(c.id)
          // The last watched service cannot be unticked: with none, there would be no status at all.
          const last = watched && settings.watchedComponents.length === 1
          return (
            <label key={c.id} class="row">
              <input
                type="checkbox"
                checked={watched}
                disabled={last}
                aria-describedby={last ? 'watch-last-hint' : undefined}
                onChange={(e) => toggleComponent(c.id, e.currentTarget.checked)}
                data-component-id={c.id}
              />
              {c.name}
            </label>
          )
        })}
        {settings.watchedComponents.length === 1 && (
          <p class="hint" id="watch-last-hint" data-testid="watch-last-hint">
            {tr('optionsWatchAtLeastOne')}
          </p>
        )}
      </fieldset>
      <fieldset>
        <legend>{tr('optionsAlertsLegend')}</legend>
        <label class="row">
          <input
            type="checkbox"
            checked={settings.notifications}
            onChange={(e) => update({ ...settings, notifications: e.currentTarget.checked })}
            data-testid="notifications-toggle"
          />
          {tr('optionsNotifications')}
        </label>
        <label class="row">
          <input
            type="checkbox"
            checked={settings.banner}
            onChange={(e) => update({ ...settings, banner: e.currentTarget.checked })}
            data-testid="banner-toggle"
          />
          {tr('optionsBanner')}
        </label>
      </fieldset>
      <fieldset data-testid="crowd-settings">
        <legend>{tr('optionsCrowdLegend')}</legend>
        <CrowdConsent loadPreview={connector.previewCrowdReport} />
        <label class="row">
          <input
            type="checkbox"
            checked={settings.crowd.enabled && consent}
            onChange={(e) => {
              const box = e.currentTarget
              const enabled = box.checked
              const apply = () => update({ ...settings, crowd: { ...settings.crowd, enabled } })
              if (!enabled) return apply()
              // The request first (it needs this click's user gesture)…
              const asked = connector.requestCrowdConsent()
              // …then the box shows the real state: off until the consent is given. A declined
              // prompt changes no state, so Preact would not re-render and the tick would stay.
              box.checked = false
              void asked.then((ok) => {
                setConsent(ok)
                if (ok) apply()
              })
            }}
            data-testid="crowd-toggle"
          />
          {tr('optionsCrowdToggle')}
        </label>
        <form
          class="server-row"
          // Our own check says what is wrong ("must be https"); the browser's bubble would only say
          // "Please enter a URL", beside a stale message of ours.
          noValidate
          onSubmit={(e) => {
            e.preventDefault()
            const result = validateServerUrl(serverDraft ?? settings.crowd.serverUrl)
            if (!result.ok) {
              // Nothing was saved: "Saved." from an earlier change must not stand beside the error.
              setSaved('idle')
              return setServerError(tr(result.reason))
            }
            setServerError(null)
            setServerDraft(null)
            update({ ...settings, crowd: { ...settings.crowd, serverUrl: result.url } })
          }}
        >
          <label for="crowd-server">{tr('optionsCrowdServer')}</label>
          <input
            id="crowd-server"
            type="url"
            value={serverDraft ?? settings.crowd.serverUrl}
            onInput={(e) => {
              setServerDraft(e.currentTarget.value)
              setServerError(null)
            }}
            aria-invalid={serverError ? 'true' : 'false'}
            aria-describedby="crowd-server-hint crowd-server-error"
            data-testid="crowd-server"
          />
          <button type="submit" data-testid="crowd-server-save">
            {tr('optionsCrowdServerSave')}
          </button>
          <p id="crowd-server-hint" class="hint">
            {tr('optionsCrowdServerHint')}
          </p>
          <p id="crowd-server-error" class="error" role="alert" data-testid="crowd-server-error">
            {serverError ?? ''}
          </p>
        </form>
        {settings.crowd.enabled && consent && crowdError && (
          <p class="hint">{tr('optionsCrowdLastError', crowdErrorText(crowdError, tr))}</p>
        )}
      </fieldset>
      <p class="save-state" role="status" data-testid="save-state">
        {saved === 'saved' ? tr('optionsSaved') : saved === 'error' ? tr('optionsSaveFailed') : ''}
      </p>
    </main>
  )
}
