import { useLiveQuery } from 'dexie-react-hooks'
import { HashRouter } from 'react-router'
import { Notifications } from '@mantine/notifications'
import { PreferencesProvider } from './preferences'
import { WorkspaceDataProvider } from './workspace-data'
import { ScopeProvider } from './scope'
import { Shell } from './Shell'
import { FirstLaunch } from '../features/first-launch/FirstLaunch'
import { getWorkspaceMeta } from '../db/workspace'
import { SessionProvider } from '../session/use-me'
import { SessionGate } from '../session/SessionGate'

/** No workspace yet → the first-launch choice; otherwise the cockpit. */
function WorkspaceGate(): React.ReactNode {
  const meta = useLiveQuery(async () => (await getWorkspaceMeta()) ?? null, [])
  if (meta === undefined) return null
  if (meta === null) return <FirstLaunch />
  return (
    <WorkspaceDataProvider>
      <SessionProvider>
        <SessionGate>
          <ScopeProvider>
            <Shell />
          </ScopeProvider>
        </SessionGate>
      </SessionProvider>
    </WorkspaceDataProvider>
  )
}

export function App(): React.ReactNode {
  return (
    <PreferencesProvider>
      <Notifications position="bottom-right" />
      <HashRouter>
        <WorkspaceGate />
      </HashRouter>
    </PreferencesProvider>
  )
}
