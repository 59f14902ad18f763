import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { HubCredentials, type TokenStore } from './bridge'

/**
 * Credential stores for the browser harness and tests, where there is no OS keychain. The file
 * one writes the password in clear (owner-only permissions) into a throwaway data folder; the
 * app itself uses `SafeStorageTokenStore`.
 */
export class FileTokenStore implements TokenStore {
  readonly kind = 'plain-file' as const

  constructor(private readonly file: string) {}

  load(): HubCredentials | undefined {
    if (!existsSync(this.file)) return undefined
    try {
      const parsed = HubCredentials.safeParse(JSON.parse(readFileSync(this.file, 'utf8')))
      return parsed.success ? parsed.data : undefined
    } catch {
      return undefined
    }
  }

  save(c: HubCredentials): boolean {
    mkdirSync(dirname(this.file), { recursive: true })
    writeFileSync(`${this.file}.tmp`, JSON.stringify(c), { mode: 0o600 })
    renameSync(`${this.file}.tmp`, this.file)
    return true
  }

  clear(): void {
    rmSync(this.file, { force: true })
  }
}

export class MemoryTokenStore implements TokenStore {
  readonly kind = 'memory' as const
  private value: HubCredentials | undefined

  load(): HubCredentials | undefined {
    return this.value
  }

  save(c: HubCredentials): boolean {
    this.value = c
    return true
  }

  clear(): void {
    this.value = undefined
  }
}
