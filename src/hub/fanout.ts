import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { z } from 'zod'

/**
 * Live pokes shared between hub instances over Redis pub/sub (`REDIS_URL`). Behind a load
 * balancer a laptop's socket may sit on instance B while its teammate pushes to A; A publishes
 * the poke and every instance delivers it to its own sockets. Pokes carry no data, so Redis
 * being down costs latency (clients still pull on their timer), never an op.
 */

const CHANNEL = 'cockpit-hub:pokes'
const Message = z.object({ origin: z.string(), stream: z.string().max(64), seq: z.number().int().min(0) })

export interface Fanout {
  publish(stream: string, seq: number): void
  close(): Promise<void>
}

export async function redisFanout(url: string, deliver: (stream: string, seq: number) => void, log?: (e: unknown) => void): Promise<Fanout> {
  // An instance delivers its own pokes directly and skips its echo from Redis.
  const origin = randomUUID()
  const options = { lazyConnect: true, maxRetriesPerRequest: 2 }
  const pub = new Redis(url, options)
  const sub = new Redis(url, options)
  // ioredis reconnects on its own; without a listener an outage would crash the hub.
  pub.on('error', (e) => log?.(e))
  sub.on('error', (e) => log?.(e))
  await pub.connect()
  await sub.connect()
  await sub.subscribe(CHANNEL)
  sub.on('message', (channel: string, text: string) => {
    if (channel !== CHANNEL) return
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      return
    }
    const msg = Message.safeParse(parsed)
    if (msg.success && msg.data.origin !== origin) deliver(msg.data.stream, msg.data.seq)
  })
  return {
    publish(stream, seq) {
      pub.publish(CHANNEL, JSON.stringify({ origin, stream, seq })).catch((e: unknown) => log?.(e))
    },
    async close() {
      sub.disconnect()
      await pub.quit().catch(() => undefined)
    }
  }
}
