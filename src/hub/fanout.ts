import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { z } from 'zod'
import { SHEET_MESSAGE_LIMIT } from './sheets'

/**
 * Live traffic shared between hub instances over Redis pub/sub (`REDIS_URL`). Behind a load
 * balancer a laptop's socket may sit on instance B while its teammate works on A.
 *
 * - Pokes (`cockpit-hub:pokes`): A publishes the poke and every instance delivers it to its own
 *   sockets. Pokes carry no data, so Redis being down costs latency (clients still pull on
 *   their timer), never an op.
 * - Strategy sheets (`cockpit-hub:sheets`): an update the hub already stored, an awareness
 *   (presence) update, or the presence of a socket that left. Every instance with the sheet's
 *   room open applies and relays it to its own members (sheets.ts `fromPeer`). The update is in
 *   the database before it is published, so a lost message costs liveness, never an edit: an
 *   instance that opens the room later loads it, and one that had it open re-reads the log when
 *   its subscription comes back (`onResubscribed`).
 *
 * Two channels rather than one multiplexed: the poke messages stay as they were, and an
 * instance still running the previous version never sees sheet traffic at all.
 */

const POKES = 'cockpit-hub:pokes'
const SHEETS = 'cockpit-hub:sheets'
const Message = z.object({ origin: z.string(), stream: z.string().max(64), seq: z.number().int().min(0) })

const SheetId = z.string().min(1).max(64)
/** As on the live socket (sheets.ts): a whole sheet after a long offline stretch, as base64. */
const Base64 = z.string().max(Math.ceil((SHEET_MESSAGE_LIMIT * 4) / 3) + 4)
const SheetRelay = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sheet.update'), sheetId: SheetId, data: Base64 }),
  z.object({ type: z.literal('sheet.awareness'), sheetId: SheetId, data: Base64 }),
  z.object({ type: z.literal('sheet.left'), sheetId: SheetId, clientIds: z.array(z.number().int().min(0)).max(64) })
])
const SheetMessage = z.object({ origin: z.string(), msg: SheetRelay })
/** Anything longer cannot be a valid sheet message: refused before parsing. */
const SHEET_TEXT_LIMIT = Math.ceil((SHEET_MESSAGE_LIMIT * 4) / 3) + 1024

/** What one instance tells the others about a sheet, in the live socket's own message shape. */
export type SheetRelay = z.infer<typeof SheetRelay>

export interface FanoutHandlers {
  poke(stream: string, seq: number): void
  /** A sheet message from another instance (validated; never this instance's own). */
  sheet?(msg: SheetRelay): void
  /**
   * The subscription came back after Redis was unreachable: whatever was published meanwhile
   * is lost, so open sheets re-read what they missed from the database.
   */
  resubscribed?(): void
}

export interface Fanout {
  /** The subscriber connection's `CLIENT SETNAME`, to tell the instances apart in `CLIENT LIST`. */
  readonly name: string
  publish(stream: string, seq: number): void
  publishSheet(msg: SheetRelay): void
  close(): Promise<void>
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export async function redisFanout(url: string, handlers: FanoutHandlers, log?: (e: unknown) => void): Promise<Fanout> {
  // An instance delivers its own messages directly and skips its echo from Redis.
  const origin = randomUUID()
  const options = { lazyConnect: true, maxRetriesPerRequest: 2 }
  const pub = new Redis(url, options)
  const name = `cockpit-hub-sub-${origin}`
  const sub = new Redis(url, { ...options, connectionName: name })
  // ioredis reconnects on its own; without a listener an outage would crash the hub.
  pub.on('error', (e) => log?.(e))
  sub.on('error', (e) => log?.(e))
  let connected = false
  let subscribedOnce = false
  sub.on('close', () => (connected = false))
  const subscribe = (): Promise<void> =>
    sub.subscribe(POKES, SHEETS).then(
      () => {
        // After the first time, what was published meanwhile is lost: open sheets catch up.
        if (subscribedOnce) handlers.resubscribed?.()
        subscribedOnce = true
      },
      (e: unknown) => log?.(e)
    )
  let subscribing: Promise<void> | undefined
  sub.on('ready', () => {
    if (connected) return
    connected = true
    // ioredis subscribes again by itself, but only after emitting `ready`: the catch-up must
    // start once the subscription is live, or what is published in between is lost too.
    subscribing = subscribe()
  })
  // A hub starts even when Redis is down (it serves its own sockets meanwhile): the clients keep
  // reconnecting, and live traffic between instances starts once Redis is there.
  for (const r of await Promise.allSettled([pub.connect(), sub.connect()])) if (r.status === 'rejected') log?.(r.reason)
  await subscribing
  sub.on('message', (channel: string, text: string) => {
    if (channel === POKES) {
      const msg = Message.safeParse(parse(text))
      if (msg.success && msg.data.origin !== origin) handlers.poke(msg.data.stream, msg.data.seq)
    } else if (channel === SHEETS && text.length <= SHEET_TEXT_LIMIT) {
      const msg = SheetMessage.safeParse(parse(text))
      if (msg.success && msg.data.origin !== origin) handlers.sheet?.(msg.data.msg)
    }
  })
  return {
    name,
    publish(stream, seq) {
      pub.publish(POKES, JSON.stringify({ origin, stream, seq })).catch((e: unknown) => log?.(e))
    },
    publishSheet(msg) {
      pub.publish(SHEETS, JSON.stringify({ origin, msg })).catch((e: unknown) => log?.(e))
    },
    async close() {
      sub.disconnect()
      await pub.quit().catch(() => undefined)
    }
  }
}
