import { useEffect, useState } from 'preact/hooks'
import type { Settings } from '../shared/settings.ts'
import { tr } from '../ui/use-i18n.ts'
import type { ComponentChoice, OptionsConnector } from './connector.ts'

export interface OptionsAppProps {
  connector: OptionsConnector
}

export function OptionsApp({ connector }: OptionsAppProps) {
  const [settings, setSettings] = useState<Settings | null>(null)
  const [components, setComponents] = useState<ComponentChoice[]>([])
  const [saved, setSaved] = useState<'idle' | 'saved' | 'error'>('idle')

  useEffect(() => {
    const load = () => void connector.loadSettings().then(setSettings)
    load()
    void connector.loadComponents().then(setComponents)
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
        {components.map((c) => (
          <label key={c.id} class="row">
            <input
              type="checkbox"
              checked={settings.watchedComponents.includes(c.id)}
              onChange={(e) => toggleComponent(c.id, e.currentTarget.checked)}
              data-component-id={c.id}
            />
            {c.name}
          </label>
        ))}
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
      <p class="save-state" role="status" data-testid="save-state">
        {saved === 'saved' ? tr('optionsSaved') : saved === 'error' ? tr('optionsSaveFailed') : ''}
      </p>
    </main>
  )
}
