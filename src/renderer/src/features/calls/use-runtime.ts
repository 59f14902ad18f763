import { useEffect, useState } from 'react'
import { bridge } from '../../bridge'

let cached: Promise<'electron' | 'harness'> | null = null

/** Electron (native dialogs) or the browser harness (uploads and typed paths); null while asking. */
export function useRuntime(): 'electron' | 'harness' | null {
  const [runtime, setRuntime] = useState<'electron' | 'harness' | null>(null)
  useEffect(() => {
    let live = true
    cached ??= bridge.invoke('app.info', {}).then((i) => i.runtime)
    void cached.then((r) => live && setRuntime(r)).catch(() => undefined)
    return () => {
      live = false
    }
  }, [])
  return runtime
}
