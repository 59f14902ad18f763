import { useState } from 'react'
import { Alert, Badge, Button, Card, Group, Stack, Text } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { getDb } from '../../db/database'
import { useLocale } from '../../app/preferences'
import { formatDate, formatTime } from '../../ui/format'
import { readConflicts, type KeptConflict } from '../../sync/engine'
import { canRestore, conflictEditedAt, conflictKey, dismissConflict, restoreConflict } from '../../sync/conflicts'
import { fieldLabel, valueText, type DescribeContext } from '../../sync/describe'
import { roleLabel } from '../../session/words'
import { migrateRole } from '@shared/model/user'
import type { SalesProcess } from '@shared/model'

interface Current {
  label: string
  value: unknown
  exists: boolean
  row: Record<string, unknown> | undefined
}

/** The record a conflict is about, as it stands now on this laptop, and the names of customers and deals its values name. */
async function currentOf(conflicts: KeptConflict[]): Promise<{ rows: Record<string, Current>; names: Map<string, string> }> {
  const db = getDb()
  const rows: Record<string, Current> = {}
  const refs = new Set<string>()
  for (const c of conflicts) {
    const row = (await db.table(c.table).get(c.rowId).catch(() => undefined)) as Record<string, unknown> | undefined
    const label = typeof row?.name === 'string' ? row.name : typeof row?.title === 'string' ? row.title : c.rowId
    rows[conflictKey(c)] = { label, value: row?.[c.field], exists: row !== undefined, row }
    if ((c.field === 'customerId' || c.field === 'dealId') && typeof c.value === 'string') refs.add(c.value)
    if ((c.field === 'customerId' || c.field === 'dealId') && typeof row?.[c.field] === 'string') refs.add(row[c.field] as string)
  }
  const names = new Map<string, string>()
  for (const id of refs) {
    const r = (await db.customers.get(id)) ?? (await db.deals.get(id))
    if (r) names.set(id, r.name)
  }
  return { rows, names }
}

const NO_ROWS = { rows: {} as Record<string, Current>, names: new Map<string, string>() }

/**
 * Settings → Team hub → edits that lost: each losing value kept by last-writer-wins, next to the
 * value that won, with whose edit it was and when. "Restore" writes the kept value back through
 * the write path (so it syncs as a new edit); "Dismiss" forgets it.
 */
export function ConflictInbox(): React.ReactNode {
  const { t } = useTranslation('sync')
  const { locale, timeZone } = useLocale()
  const conflicts = useLiveQuery(() => readConflicts(getDb()), [], [] as KeptConflict[])
  const { rows: current, names } = useLiveQuery(() => currentOf(conflicts), [conflicts], NO_ROWS)
  const people = useLiveQuery(async () => new Map((await getDb().users.toArray()).map((u) => [u.id, u.name])), [], new Map<string, string>())
  const units = useLiveQuery(async () => new Map((await getDb().orgUnits.toArray()).map((u) => [u.id, u.name])), [], new Map<string, string>())
  const processes = useLiveQuery(async () => new Map((await getDb().salesProcesses.toArray()).map((p) => [p.id, p])), [], new Map<string, SalesProcess>())
  // Fields and values in the reader's language: names for ids, words for codes, money and dates as everywhere else.
  const describe: DescribeContext = {
    t,
    locale,
    timeZone,
    userName: (id) => people.get(id),
    unitName: (id) => units.get(id),
    processName: (id) => processes.get(id)?.name,
    stageName: (pid, sid) => processes.get(pid)?.stages.find((x) => x.id === sid)?.name,
    recordName: (id) => names.get(id)
  }
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
    return hubRole ? t('inbox.named', { name: hubName, role: roleLabel(t, migrateRole(hubRole) ?? hubRole) }) : hubName
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
          <Card key={key} withBorder padding="xs" role="listitem" aria-label={t('inbox.item', { record: cur?.label ?? c.rowId, field: fieldLabel(t, c.field) })}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" fw={600}>
                {t(`tables.${c.table}`, { defaultValue: c.table })} · {cur?.label ?? c.rowId} · {fieldLabel(t, c.field)}
              </Text>
              <Badge size="xs" variant="light" color={c.side === 'mine' ? 'orange' : 'blue'}>
                {t(c.side === 'mine' ? 'inbox.mine' : 'inbox.theirs')}
              </Badge>
            </Group>
            <Text size="sm">{t('inbox.lost', { value: valueText(describe, c.table, c.field, c.value, cur?.row) })}</Text>
            <Text size="sm" c="dimmed">
              {t('inbox.won', { value: cur?.exists ? valueText(describe, c.table, c.field, cur.value, cur.row) : t('inbox.gone') })}
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
