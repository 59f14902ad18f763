import { userInfo } from 'node:os'

/** The OS account's name, the default for a first local profile; undefined where the OS will not say. */
export function osUserName(): string | undefined {
  try {
    return userInfo().username.slice(0, 80) || undefined
  } catch {
    return undefined
  }
}
