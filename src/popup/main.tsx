import { render } from 'preact'
import '../ui/theme.css'
import './popup.css'
import { App } from './app.tsx'
import { browserConnector } from './connector.ts'

const root = document.getElementById('app')
if (root) render(<App connector={browserConnector} />, root)
