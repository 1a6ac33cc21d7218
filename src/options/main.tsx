import { render } from 'preact'
import '../ui/theme.css'
import './options.css'
import { OptionsApp } from './options-app.tsx'
import { browserOptionsConnector } from './connector.ts'

const root = document.getElementById('app')
if (root) render(<OptionsApp connector={browserOptionsConnector} />, root)
