import '@vitejs/plugin-react/preamble'
import { createRoot } from 'react-dom/client'
import '@mantine/core/styles.css'
import '@mantine/spotlight/styles.css'
import '@mantine/notifications/styles.css'
import './app/global.css'
import { App } from './app/App'

createRoot(document.getElementById('root')!).render(<App />)
