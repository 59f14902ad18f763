import { hostname } from 'node:os'
import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs'
import { resolve } from 'node:path'
import { HubError } from './errors'

/**
 * PGlite is one process's database: a second process that opens the same folder works on its
 * own copy, and whichever closes last overwrites the other's changes (the admin tool's
 * `move-user` reported success while the running hub kept the user's old scope). So every
 * opener of a PGlite folder takes this lock first: a file beside the folder naming the holder's
 * process, created exclusively. A lock whose process is gone (a hub killed with SIGKILL) is taken
 * over; one held by a live process — this one included — is refused with a message.
 */

interface Holder {
  pid: number
  host: string
  since: number
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readHolder(file: string): Holder | undefined {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>
    return typeof h.pid === 'number' && typeof h.host === 'string' ? { pid: h.pid, host: h.host, since: Number(h.since) || 0 } : undefined
  } catch {
    return undefined
  }
}

/** Takes the folder for this process; `release` gives it back (on close). */
export function lockDataFolder(dir: string): { file: string; release(): void } {
  const file = `${resolve(dir)}.lock`
  const me: Holder = { pid: process.pid, host: hostname(), since: Date.now() }
  const text = JSON.stringify(me)
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number
    try {
      fd = openSync(file, 'wx', 0o600)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const holder = readHolder(file)
      // Gone (or a file cut short by a crash while it was written): the folder is free.
      const stale = !holder || (holder.host === me.host && !alive(holder.pid))
      if (stale) {
        try {
          unlinkSync(file)
        } catch {
          // Another opener took it over first; the next attempt finds its lock.
        }
        continue
      }
      const since = holder.since ? ` since ${new Date(holder.since).toISOString()}` : ''
      throw new HubError(
        409,
        'store.folder-in-use',
        `this data folder is held by a running hub (or admin command): process ${holder.pid} on ${holder.host}${since}. ` +
          'PGlite keeps the data of one process only: stop the hub first (the change would be lost otherwise), ' +
          `or run the hub on PostgreSQL (DATABASE_URL), where the admin tool works while it runs. Lock: ${file}`
      )
    }
    writeSync(fd, text)
    closeSync(fd)
    return {
      file,
      release: () => {
        // Only our own lock: a takeover after we were presumed dead must not be undone.
        if (readHolder(file)?.pid === me.pid) unlinkSync(file)
      }
    }
  }
  throw new HubError(409, 'store.folder-in-use', `could not take the data folder's lock ${file}`)
}
