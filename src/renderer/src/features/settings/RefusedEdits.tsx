import { useState } from 'react'
import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { missingPermission } from '@shared/domain/permissions'
import { modelKinds, type ModelTable, type SalesProcess } from '@shared/model'
import { getDb } from '../../db/database'
import { useLocale } from '../../app/preferences'
import { formatDate, formatTime } from '../../ui/format'
import { readRejected, type RejectedOp } from '../../sync/engine'
import { dismissRefused, refusedKey, sendRefusedAgain } from '../../sync/refused'
import { fieldLabel, valueText, type DescribeContext } from '../../sync/describe'
import { useMe } from '../../session/use-me'
import { isPermission, refusalText } from '../../session/words'
import { syncErrorText } from './HubSettings'

/**
 * Settings → Team hub → edits the hub refused: what each tried to change, in words, and why it
 * was refused (a permission reads from the permission table: "As Sales rep you may not change
 * sales processes; only Admin, Director may."). The header's warning links here.
 */
export function RefusedEdits(): React.ReactNode {
  const { t } = useTranslation('sync')
  const { locale, timeZone } = useLocale()
  const me = useMe()
  const refused = useLiveQuery(() => readRejected(getDb()), [], [] as RejectedOp[])
  const lookups = useLiveQuery(
    async () => {
      const db = getDb()
      const labels = new Map<string, string>()
      for (const r of refused) {
        if (!Object.prototype.hasOwnProperty.call(modelKinds, r.op.table)) continue
        const row = (await db.table(r.op.table).get(r.op.rowId).catch(() => undefined)) as { name?: unknown; title?: unknown } | undefined
        const name = typeof row?.name === 'string' ? row.name : typeof row?.title === 'string' ? row.title : typeof r.op.fields.name === 'string' ? r.op.fields.name : undefined
        if (name) labels.set(refusedKey(r), name)
      }
      const [users, units, processes, customers, deals] = await Promise.all([db.users.toArray(), db.orgUnits.toArray(), db.salesProcesses.toArray(), db.customers.toArray(), db.deals.toArray()])
      return {
        labels,
        users: new Map(users.map((u) => [u.id, u.name])),
        units: new Map(units.map((u) => [u.id, u.name])),
        processes: new Map<string, SalesProcess>(processes.map((p) => [p.id, p])),
        records: new Map([...customers, ...deals].map((r) => [r.id, r.name]))
      }
    },
    [refused],
    undefined
  )
  const [busy, setBusy] = useState<string | null>(null)
  if (refused.length === 0) return null
  const describe: DescribeContext = {
    t,
    locale,
    timeZone,
    userName: (id) => lookups?.users.get(id),
    unitName: (id) => lookups?.units.get(id),
    processName: (id) => lookups?.processes.get(id)?.name,
    stageName: (pid, sid) => lookups?.processes.get(pid)?.stages.find((s) => s.id === sid)?.name,
    recordName: (id) => lookups?.records.get(id)
  }

  /** The refusal in words: a permission from the shared table when it was one, else the hub's code. */
  function why(r: RejectedOp): string {
    if (r.code === 'sync.forbidden') {
      const p = isPermission(r.permission)
        ? r.permission
        : Object.prototype.hasOwnProperty.call(modelKinds, r.op.table)
          ? missingPermission(me?.role, r.op.table as ModelTable, Object.keys(r.op.fields))
          : undefined
      if (p) return refusalText(t, p, me?.role)
    }
    return syncErrorText(t, r.code)
  }

  async function act(r: RejectedOp, how: 'again' | 'dismiss'): Promise<void> {
    setBusy(refusedKey(r))
    try {
      if (how === 'again') await sendRefusedAgain(getDb(), r)
      else await dismissRefused(getDb(), r)
    } finally {
      setBusy(null)
    }
  }

  const items = [...refused].reverse()
  return (
    <Stack gap="xs" id="refused" role="list" aria-label={t('refused.label')}>
      <Text size="sm" fw={600} c="orange.8">
        {t('refused.title', { count: refused.length })}
      </Text>
      {items.map((r) => {
        const key = refusedKey(r)
        const label = lookups?.labels.get(key) ?? r.op.rowId
        const fields = Object.entries(r.op.fields).filter(([f]) => f !== 'id')
        return (
          <Card key={key} withBorder padding="xs" role="listitem" aria-label={t('refused.item', { table: t(`tables.${r.op.table}`, { defaultValue: r.op.table }), record: label })}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" fw={600}>
                {t(`tables.${r.op.table}`, { defaultValue: r.op.table })} · {label}
              </Text>
              <Badge size="xs" variant="light" color="orange">
                {formatDate(r.at, locale, timeZone)} {formatTime(r.at, locale, timeZone)}
              </Badge>
            </Group>
            <Text size="sm" c="red.8">
              {why(r)}
            </Text>
            <Text size="xs" c="dimmed">
              {fields
                .slice(0, 6)
                .map(([f, v]) => `${fieldLabel(t, f)}: ${valueText(describe, r.op.table, f, v, r.op.fields)}`)
                .join(' · ')}
              {fields.length > 6 ? ' …' : ''}
            </Text>
            <Group gap="xs" mt={4}>
              <Button size="compact-xs" variant="light" loading={busy === key} onClick={() => void act(r, 'again')}>
                {t('refused.again')}
              </Button>
              <Button size="compact-xs" variant="subtle" color="gray" disabled={busy === key} onClick={() => void act(r, 'dismiss')}>
                {t('refused.dismiss')}
              </Button>
            </Group>
          </Card>
        )
      })}
      <Text size="xs" c="dimmed">
        {t('refused.hint')}
      </Text>
    </Stack>
  )
}
