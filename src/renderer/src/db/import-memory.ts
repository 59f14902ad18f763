import { fileShapeKey, type RememberedMapping } from '@shared/domain/import'
import { getDb } from './database'

/**
 * The mapping a manager chose for each file shape (its headers), kept on this laptop, so the
 * next export of the same kind opens with the same columns, currency and stages. Local only: it
 * is a habit of this user's wizard, not team data.
 */

const KEY = 'import.mappings'
/** Enough for every export a team uses; the oldest is forgotten first. */
const MAX_SHAPES = 50

type Store = Record<string, RememberedMapping>

async function load(): Promise<Store> {
  const row = await getDb().meta.get(KEY)
  return row && typeof row.value === 'object' && row.value !== null ? (row.value as Store) : {}
}

export async function recallFileMapping(headers: string[]): Promise<RememberedMapping | undefined> {
  return (await load())[fileShapeKey(headers)]
}

export async function rememberFileMapping(headers: string[], memo: RememberedMapping): Promise<void> {
  const store = await load()
  store[fileShapeKey(headers)] = memo
  const keys = Object.keys(store).sort((a, b) => store[b]!.savedAt - store[a]!.savedAt)
  for (const k of keys.slice(MAX_SHAPES)) delete store[k]
  await getDb().meta.put({ key: KEY, value: store })
}
