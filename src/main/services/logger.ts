import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'

export type Level = 'info' | 'warn' | 'error'

/** Rotate at this size, keeping one previous file: enough for a support request, never a full disk. */
const MAX_BYTES = 5 * 1024 * 1024

/** A plain line-per-entry log file in the user-data folder (`logs/main.log`). */
export class Logger {
  readonly file: string

  constructor(dir: string) {
    const logs = join(dir, 'logs')
    mkdirSync(logs, { recursive: true })
    this.file = join(logs, 'main.log')
  }

  write(level: Level, message: string, context?: Record<string, unknown>): void {
    const line = JSON.stringify({ t: new Date().toISOString(), level, message, ...(context ? { context } : {}) })
    try {
      if ((statSync(this.file, { throwIfNoEntry: false })?.size ?? 0) > MAX_BYTES) renameSync(this.file, `${this.file}.1`)
      appendFileSync(this.file, line + '\n')
    } catch {
      // Logging must never take the app down; a read-only disk loses the log line only.
    }
  }

  info(message: string, context?: Record<string, unknown>): void {
    this.write('info', message, context)
  }
  warn(message: string, context?: Record<string, unknown>): void {
    this.write('warn', message, context)
  }
  error(message: string, context?: Record<string, unknown>): void {
    this.write('error', message, context)
  }
}
