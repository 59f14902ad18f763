import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

/**
 * The ffmpeg the store runs: the static binary that ships with the app through
 * @ffmpeg-installer (it decodes AMR exactly), else a system `ffmpeg` on PATH. Inside a packaged
 * app the binary lives in `app.asar.unpacked`, because nothing can be executed from an asar.
 */
export function resolveFfmpeg(): string {
  const fromEnv = process.env['COCKPIT_FFMPEG']
  if (fromEnv) return fromEnv
  try {
    const require = createRequire(__filename)
    const installed = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path.replace('app.asar', 'app.asar.unpacked')
    if (existsSync(installed)) return installed
  } catch {
    // No binary for this platform: fall back to the system's.
  }
  return 'ffmpeg'
}
