import { useState } from 'react'
import { Alert, Badge, Button, Card, Group, Stack, Text } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { getDb } from '../../db/database'
import { useLocale } from '../../app/preferences'
import { formatDate, formatTime } from '../../ui/format'
import { readConflicts, type KeptConflict } from '../../sync/engine'
import { canRestore, conflictEditedAt, conflictKey, dismissConflict, restoreConflict } from '../../sync/conflicts'

/** How a kept value reads: text as is, anything else as compact JSON, nothing as "empty". */
function shown(t: TFunction<'sync'>, v: unknown): string {
  if (v === null || v === undefined || v === '') return t('inbox.empty')
  return typeof v === 'string' ? v : JSON.stringify(v)
}

interface Current {
  label: string
  value: unknown
  exists: boolean
}

/** The record a conflict is about, as it stands now on this laptop. */
async function currentOf(conflicts: KeptConflict[]): Promise<Record<string, Current>> {
  const db = getDb()
  const out: Record<string, Current> = {}
  for (const c of conflicts) {
    const row = (await db.table(c.table).get(c.rowId).catch(() => undefined)) as Record<string, unknown> | undefined
    const label = typeof row?.name === 'string' ? row.name : typeof row?.title === 'string' ? row.title : c.rowId
    out[conflictKey(c)] = { label, value: row?.[c.field], exists: row !== undefined }
  }
  return out
}

/**
 * Settings → Team hub → edits that lost: each losing value kept by last-writer-wins, next to the
 * value that won, with whose edit it was and when. "Restore" writes the kept value back through
 * the write path (so it syncs as a new edit); "Dismiss" forgets it.
 */
export function ConflictInbox(): React.ReactNode {
  const { t } = useTranslation('sync')
  const { locale, timeZone } = useLocale()
  const conflicts = useLiveQuery(() => readConflicts(getDb()), [], [] as KeptConflict[])
  const current = useLiveQuery(() => currentOf(conflicts), [conflicts], {} as Record<string, Current>)
  const people = useLiveQuery(async () => new Map((await getDb().users.toArray()).map((u) => [u.id, u.name])), [], new Map<string, string>())
  const [error, setError] = useState<string | null>(null)

  /**
   * Whose edit: the name this laptop's org knows (current, in the user's view), else the one the
   * hub sent with the conflict plus their role (someone outside the view: moved away, or above),
   * else, for conflicts kept before hubs sent names, no raw id but "someone outside your team".
   */
  function person(id: string, hubName: string | null | undefined, hubRole: string | null | undefined): string {
    const known = people.get(id)
    if (known) return known
    if (!hubName) return t('inbox.outside')
    return hubRole ? t('inbox.named', { name: hubName, role: t(`inbox.roles.${hubRole}`, { defaultValue: hubRole }) }) : hubName
  }
  const [busy, setBusy] = useState<string | null>(null)

  async function act(c: KeptConflict, how: 'restore' | 'dismiss'): Promise<void> {
    setBusy(conflictKey(c))
    setError(null)
    try {
      if (how === 'restore') await restoreConflict(getDb(), c)
      else await dismissConflict(getDb(), c)
    } catch (e) {
      setError(t('inbox.restoreFailed', { message: e instanceof Error ? e.message : String(e) }))
    } finally {
      setBusy(null)
    }
  }

  if (conflicts.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('inbox.none')}
      </Text>
    )
  }
  // Newest first: the loss the user most likely just noticed.
  const items = [...conflicts].reverse()
  return (
    <Stack gap="xs" aria-label={t('inbox.label')} role="list">
      <Text size="sm" fw={600}>
        {t('conflicts.title', { count: conflicts.length })}
      </Text>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {items.map((c) => {
        const key = conflictKey(c)
        const cur = current[key]
        const at = conflictEditedAt(c)
        return (
          <Card key={key} withBorder padding="xs" role="listitem" aria-label={t('inbox.item', { record: cur?.label ?? c.rowId, field: c.field })}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" fw={600}>
                {t(`tables.${c.table}`, { defaultValue: c.table })} · {cur?.label ?? c.rowId} · {t(`import:fields.${c.field}`, { defaultValue: c.field })}
              </Text>
              <Badge size="xs" variant="light" color={c.side === 'mine' ? 'orange' : 'blue'}>
                {t(c.side === 'mine' ? 'inbox.mine' : 'inbox.theirs')}
              </Badge>
            </Group>
            <Text size="sm">{t('inbox.lost', { value: shown(t, c.value) })}</Text>
            <Text size="sm" c="dimmed">
              {t('inbox.won', { value: cur?.exists ? shown(t, cur.value) : t('inbox.gone') })}
            </Text>
            {c.loserUserId && c.winnerUserId && (
              <Text size="xs" c="dimmed">
                {t('inbox.who', { loser: person(c.loserUserId, c.loserName, c.loserRole), winner: person(c.winnerUserId, c.winnerName, c.winnerRole) })}
              </Text>
            )}
            {at !== undefined && (
              <Text size="xs" c="dimmed">
                {t('inbox.when', { when: `${formatDate(at, locale, timeZone)} ${formatTime(at, locale, timeZone)}` })}
              </Text>
            )}
            <Group gap="xs" mt={4}>
              {canRestore(c) && cur?.exists && (
                <Button size="compact-xs" variant="light" loading={busy === key} onClick={() => void act(c, 'restore')}>
                  {t('inbox.restore')}
                </Button>
              )}
              <Button size="compact-xs" variant="subtle" color="gray" disabled={busy === key} onClick={() => void act(c, 'dismiss')}>
                {t('inbox.dismiss')}
              </Button>
            </Group>
          </Card>
        )
      })}
    </Stack>
  )
}
