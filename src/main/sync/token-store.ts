import { safeStorage } from 'electron'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { HubCredentials, type TokenStore } from './bridge'

/**
 * The Electron credential store: the hub has no refresh tokens, so re-login after the 15-minute
 * token needs the password. It is kept only encrypted by the OS (Keychain, DPAPI, libsecret) via
 * `safeStorage`; where the OS offers no encryption, nothing is saved and the user signs in again
 * after a restart.
 */
export class SafeStorageTokenStore implements TokenStore {
  readonly kind = 'os-encrypted' as const

  constructor(private readonly file: string) {}

  load(): HubCredentials | undefined {
    if (!existsSync(this.file) || !safeStorage.isEncryptionAvailable()) return undefined
    try {
      const parsed = HubCredentials.safeParse(JSON.parse(safeStorage.decryptString(readFileSync(this.file))))
      return parsed.success ? parsed.data : undefined
    } catch {
      return undefined
    }
  }

  save(c: HubCredentials): boolean {
    if (!safeStorage.isEncryptionAvailable()) return false
    mkdirSync(dirname(this.file), { recursive: true })
    writeFileSync(`${this.file}.tmp`, safeStorage.encryptString(JSON.stringify(c)), { mode: 0o600 })
    renameSync(`${this.file}.tmp`, this.file)
    return true
  }

  clear(): void {
    rmSync(this.file, { force: true })
  }
}
