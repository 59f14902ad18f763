import type { CockpitApi } from './api'

declare global {
  interface Window {
    cockpit?: CockpitApi
  }
}
