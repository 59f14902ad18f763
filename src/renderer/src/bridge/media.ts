import { bridge } from './index'

/**
 * Where the page fetches a recording's audio. The page never sees a file path: in Electron the
 * main process serves `cockpit-media://recording/<sha256>`; in the browser harness the same
 * store answers `/__cockpit/media/<sha256>` on the page's own origin.
 */
export function mediaUrlFor(runtime: 'electron' | 'harness', sha256: string): string {
  return runtime === 'electron' ? `cockpit-media://recording/${sha256}` : `/__cockpit/media/${sha256}`
}

let runtime: Promise<'electron' | 'harness'> | null = null

export async function mediaUrl(sha256: string): Promise<string> {
  runtime ??= bridge.invoke('app.info', {}).then((i) => i.runtime)
  return mediaUrlFor(await runtime, sha256)
}
