// What crowd reporting sends, in words and as the live payload. Shown before anything is sent:
// in the popup's first-run card and on the settings page (Chrome Web Store "prominent disclosure",
// AMO data-collection consent).
import { useEffect, useState } from 'preact/hooks'
import type { Report } from '../shared/crowd/schema.ts'
import { tr } from './use-i18n.ts'

export interface CrowdConsentProps {
  loadPreview: () => Promise<Report>
}

export function CrowdConsent({ loadPreview }: CrowdConsentProps) {
  const [preview, setPreview] = useState<Report | null>(null)
  useEffect(() => {
    loadPreview().then(setPreview, () => setPreview(null))
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
        <pre class="preview" data-testid="crowd-preview">
          {preview ? JSON.stringify(preview, null, 1) : '…'}
        </pre>
      </figure>
    </div>
  )
}
