import { isOwnUrl } from './origin'

/**
 * The pure half of the IPC sender check: may a frame showing `frameUrl` call main? Only when
 * it shows our own renderer (the dev server in development, `app://cockpit` when built). The
 * other half, that the frame belongs to one of our windows, needs Electron and lives in
 * `ipc/electron.ts`.
 */
export function isAllowedSender(frameUrl: string | null | undefined, allowedOrigins: readonly string[]): boolean {
  if (!frameUrl) return false
  return isOwnUrl(frameUrl, allowedOrigins)
}
