import { render } from 'preact'
import '../ui/theme.css'
import './options.css'
import { browserOptionsConnector } from './connector.ts'
import { OptionsApp } from './options-app.tsx'

const root = document.getElementById('app')
if (root) render(<OptionsApp connector={browserOptionsConnector} />, root)
