import { z } from 'zod'
import type { ContractSlice } from './define'

export const Language = z.enum(['zh-CN', 'en-US'])
export type Language = z.infer<typeof Language>

export const ThemePreference = z.enum(['light', 'dark', 'auto'])

export const Settings = z.object({
  /** null: follow the system language. */
  language: Language.nullable(),
  theme: ThemePreference
})
export type Settings = z.infer<typeof Settings>

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  /** The operating system's preferred languages, most preferred first. */
  systemLanguages: z.array(z.string()),
  /** The operating system account's name: what a first local profile is called until its owner types another. */
  userName: z.string().max(80).optional(),
  /** `electron` in the desktop app, `harness` in the browser test harness. */
  runtime: z.enum(['electron', 'harness'])
})
export type AppInfo = z.infer<typeof AppInfo>

export const LogEntry = z.object({
  level: z.enum(['info', 'warn', 'error']),
  message: z.string().max(4000),
  context: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional()
})

export const appContract = {
  'app.info': { request: z.object({}).strict(), response: AppInfo },
  'app.getSettings': { request: z.object({}).strict(), response: Settings },
  'app.setSettings': { request: Settings.partial().strict(), response: Settings },
  'app.log': { request: LogEntry.strict(), response: z.object({}) }
} satisfies ContractSlice

/** Commands the native menu sends to the page. */
export const MenuCommand = z.discriminatedUnion('command', [
  z.object({ command: z.literal('navigate'), section: z.string() }),
  z.object({ command: z.literal('palette') }),
  z.object({ command: z.literal('language'), language: Language }),
  z.object({ command: z.literal('theme'), theme: ThemePreference })
])
export type MenuCommand = z.infer<typeof MenuCommand>
