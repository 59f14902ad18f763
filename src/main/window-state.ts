import type { WindowState } from './services/settings-store'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** First-launch size: a pipeline board with seven stage columns fits without scrolling. */
export const DEFAULT_SIZE = { width: 1440, height: 900 } as const
/** Below this the shell's sidebar and a board column no longer fit side by side. */
export const MIN_SIZE = { width: 960, height: 600 } as const

export interface RestoredBounds extends Rect {
  maximized: boolean
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return w > 0 && h > 0 ? w * h : 0
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max))
}

/**
 * Where to open the window: the remembered bounds, moved and shrunk to lie fully inside the
 * work area (screen minus taskbar/dock) of the display they overlap most. A window remembered
 * on a monitor that is no longer attached, or with no position yet, opens centred on the
 * primary display, so it can never come up off-screen where the user cannot reach it.
 */
export function restoreBounds(saved: WindowState | undefined, workAreas: readonly Rect[], primary: Rect): RestoredBounds {
  const want = {
    width: saved?.width ?? DEFAULT_SIZE.width,
    height: saved?.height ?? DEFAULT_SIZE.height
  }

  let area = primary
  let positioned = false
  if (saved?.x !== undefined && saved.y !== undefined) {
    const rect = { x: saved.x, y: saved.y, ...want }
    let best = 0
    for (const candidate of workAreas) {
      const overlap = overlapArea(rect, candidate)
      if (overlap > best) {
        best = overlap
        area = candidate
      }
    }
    positioned = best > 0
  }

  // Never larger than the work area; never smaller than the minimum unless the screen is.
  const width = Math.min(Math.max(want.width, MIN_SIZE.width), area.width)
  const height = Math.min(Math.max(want.height, MIN_SIZE.height), area.height)

  const x = positioned && saved?.x !== undefined ? clamp(saved.x, area.x, area.x + area.width - width) : area.x + Math.round((area.width - width) / 2)
  const y = positioned && saved?.y !== undefined ? clamp(saved.y, area.y, area.y + area.height - height) : area.y + Math.round((area.height - height) / 2)

  return { x, y, width, height, maximized: saved?.maximized ?? false }
}

/** What to remember on close: the normal (un-maximised) bounds plus the maximised flag. */
export function toWindowState(normalBounds: Rect, maximized: boolean): WindowState {
  return {
    x: Math.round(normalBounds.x),
    y: Math.round(normalBounds.y),
    width: Math.round(normalBounds.width),
    height: Math.round(normalBounds.height),
    maximized
  }
}
