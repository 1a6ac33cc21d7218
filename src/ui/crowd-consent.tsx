// What crowd reporting sends, in words and as the live payload. Shown before anything is sent:
// in the popup's first-run card and on the settings page (Chrome Web Store "prominent disclosure",
// AMO data-collection consent).
import { useEffect, useState } from 'preact/hooks'
import type { Report } from '../shared/crowd/report.ts'
import { tr } from './use-i18n.ts'

export interface CrowdConsentProps {
  loadPreview: () => Promise<Report>
}

export function CrowdConsent({ loadPreview }: CrowdConsentProps) {
  // 'loading' until the background answers; 'failed' says so instead of an ellipsis that never ends.
  const [preview, setPreview] = useState<Report | 'loading' | 'failed'>('loading')
  useEffect(() => {
    loadPreview().then(setPreview, () => setPreview('failed'))
  }, [loadPreview])
  return (
    <div class="crowd-consent" data-testid="crowd-consent">
      <p>{tr('crowdExplainWhat')}</p>
      <ul>
        <li>{tr('crowdExplainFields')}</li>
        <li>{tr('crowdExplainNever')}</li>
        <li>{tr('crowdExplainWhen')}</li>
        <li>{tr('crowdExplainToken')}</li>
      </ul>
      <figure class="preview-figure">
        <figcaption class="preview-label">{tr('crowdPreviewLabel')}</figcaption>
        <pre class="preview" data-testid="crowd-preview" aria-busy={preview === 'loading'}>
          {preview === 'loading'
            ? '…'
            : preview === 'failed'
              ? tr('crowdPreviewFailed')
              : JSON.stringify(preview, null, 1)}
        </pre>
      </figure>
    </div>
  )
}
