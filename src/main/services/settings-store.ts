import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { Settings } from '../../shared/ipc/app'

export const WindowState = z.object({
  width: z.number().int().min(400).max(20000),
  height: z.number().int().min(300).max(20000),
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  maximized: z.boolean()
})
export type WindowState = z.infer<typeof WindowState>

const Stored = z.object({
  settings: Settings,
  window: WindowState.optional()
})
type Stored = z.infer<typeof Stored>

const defaults: Stored = { settings: { language: null, theme: 'auto' } }

/**
 * App settings and the remembered window size in one small JSON file in the user-data folder.
 * Written to a temporary file and renamed, so a crash mid-write never leaves a broken file;
 * a broken or foreign file falls back to defaults instead of stopping the app.
 */
export class SettingsStore {
  private data: Stored
  private readonly file: string

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true })
    this.file = join(dir, 'settings.json')
    this.data = this.read()
  }

  private read(): Stored {
    try {
      const parsed = Stored.safeParse(JSON.parse(readFileSync(this.file, 'utf8')))
      return parsed.success ? parsed.data : structuredClone(defaults)
    } catch {
      return structuredClone(defaults)
    }
  }

  private save(): void {
    const tmp = `${this.file}.tmp`
    writeFileSync(tmp, JSON.stringify(this.data, null, 2))
    renameSync(tmp, this.file)
  }

  get settings(): Settings {
    return structuredClone(this.data.settings)
  }

  update(patch: Partial<Settings>): Settings {
    this.data.settings = Settings.parse({ ...this.data.settings, ...patch })
    this.save()
    return this.settings
  }

  get window(): WindowState | undefined {
    return this.data.window
  }

  setWindow(state: WindowState): void {
    const parsed = WindowState.safeParse(state)
    if (!parsed.success) return
    this.data.window = parsed.data
    this.save()
  }
}
