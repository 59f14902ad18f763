import { describe, expect, it } from 'vitest'
import { DEFAULT_SIZE, MIN_SIZE, restoreBounds, toWindowState, type Rect } from './window-state'

// A laptop screen with a 40 px taskbar, and an external monitor to its right.
const laptop: Rect = { x: 0, y: 0, width: 1920, height: 1040 }
const monitor: Rect = { x: 1920, y: 0, width: 2560, height: 1400 }

describe('restoreBounds', () => {
  it('centres a first window, at the default size, on the primary display', () => {
    expect(restoreBounds(undefined, [laptop], laptop)).toEqual({
      x: (1920 - DEFAULT_SIZE.width) / 2,
      y: (1040 - DEFAULT_SIZE.height) / 2,
      width: DEFAULT_SIZE.width,
      height: DEFAULT_SIZE.height,
      maximized: false
    })
  })

  it('restores a remembered window that fits where it was', () => {
    const saved = { x: 2100, y: 80, width: 1600, height: 1000, maximized: false }
    expect(restoreBounds(saved, [laptop, monitor], laptop)).toEqual(saved)
  })

  it('keeps the maximised flag', () => {
    expect(restoreBounds({ x: 10, y: 10, width: 1200, height: 800, maximized: true }, [laptop], laptop).maximized).toBe(true)
  })

  it('moves a window that hangs off the edge back inside the work area', () => {
    const r = restoreBounds({ x: 1500, y: 600, width: 1200, height: 800, maximized: false }, [laptop], laptop)
    expect(r).toEqual({ x: 1920 - 1200, y: 1040 - 800, width: 1200, height: 800, maximized: false })
  })

  it('shrinks a window bigger than the display it is on', () => {
    const r = restoreBounds({ x: 2000, y: 0, width: 2560, height: 1400, maximized: false }, [laptop], laptop)
    expect(r.width).toBe(1920)
    expect(r.height).toBe(1040)
    expect(r.x).toBe(0)
    expect(r.y).toBe(0)
  })

  it('brings a window back from a monitor that is no longer attached', () => {
    const r = restoreBounds({ x: 2300, y: 200, width: 1600, height: 1000, maximized: false }, [laptop], laptop)
    expect(r).toEqual({ x: (1920 - 1600) / 2, y: (1040 - 1000) / 2, width: 1600, height: 1000, maximized: false })
  })

  it('puts a window spanning two displays on the one it mostly covers', () => {
    const r = restoreBounds({ x: 1700, y: 100, width: 1400, height: 900, maximized: false }, [laptop, monitor], laptop)
    expect(r.x).toBe(1920)
    expect(r.y).toBe(100)
  })

  it('handles displays left of and above the primary (negative coordinates)', () => {
    const left: Rect = { x: -1280, y: -200, width: 1280, height: 1024 }
    const r = restoreBounds({ x: -1300, y: -300, width: 1000, height: 700, maximized: false }, [laptop, left], laptop)
    expect(r).toEqual({ x: -1280, y: -200, width: 1000, height: 700, maximized: false })
  })

  it('never goes below the minimum size unless the screen itself is smaller', () => {
    expect(restoreBounds({ x: 0, y: 0, width: 500, height: 350, maximized: false }, [laptop], laptop)).toMatchObject(MIN_SIZE)
    const tiny: Rect = { x: 0, y: 0, width: 800, height: 560 }
    expect(restoreBounds({ x: 0, y: 0, width: 1200, height: 800, maximized: false }, [tiny], tiny)).toMatchObject({ width: 800, height: 560 })
  })
})

describe('toWindowState', () => {
  it('stores whole pixels and the maximised flag', () => {
    expect(toWindowState({ x: 10.4, y: -3.6, width: 1200.5, height: 799.5 }, true)).toEqual({ x: 10, y: -4, width: 1201, height: 800, maximized: true })
  })
})
