import { useState } from 'react'
import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import type { StrategySheetContent } from '@shared/domain/strategy-sheet'
import type { SheetSnapshotRow } from '../../db/database'
import { listSnapshots, snapshotContent } from '../../db/strategy-sheets'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { formatDate, formatTime } from '../../ui/format'
import { SnapshotDiff } from './SnapshotDiff'

/** The sheet's snapshots: take one, compare any two (or one with the sheet as it is now), restore one. */
export function HistoryModal(p: {
  current: StrategySheetContent
  opened: boolean
  onClose: () => void
  sheetId: string
  legacyIds: string[]
  onSnapshot: () => Promise<void>
  onRestore: (row: SheetSnapshotRow) => void
  readOnly: boolean
}): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const { locale, timeZone } = useLocale()
  const { userById } = useWorkspaceData()
  const snapshots = useLiveQuery(() => (p.opened ? listSnapshots(p.sheetId, p.legacyIds) : []), [p.opened, p.sheetId, p.legacyIds])
  // Any two versions: a snapshot against another snapshot or against the sheet as it is now.
  const [from, setFrom] = useState<number | null>(null)
  const [to, setTo] = useState<number | 'now'>('now')
  const rows = snapshots ?? []
  const fromRow = rows.find((s) => s.seq === from)
  const toRow = to === 'now' ? undefined : rows.find((s) => s.seq === to)
  const label = (s: SheetSnapshotRow): string =>
    `${formatDate(s.at, locale, timeZone)} ${formatTime(s.at, locale, timeZone)} · ${userById.get(s.userId)?.name ?? s.userId}`
  const options = rows.map((s) => ({ value: String(s.seq), label: label(s) }))
  return (
    <Modal opened={p.opened} onClose={p.onClose} title={t('history.title')} size="lg">
      <Text size="sm" c="dimmed" mb="sm">
        {t('history.intro')}
      </Text>
      <Button size="xs" mb="sm" disabled={p.readOnly} onClick={() => void p.onSnapshot()}>
        {t('history.take')}
      </Button>
      {(snapshots ?? []).length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('history.none')}
        </Text>
      ) : (
        <Stack gap={4}>
          {(snapshots ?? []).map((s) => (
            <Group key={s.seq} justify="space-between">
              <Text size="sm">{label(s)}</Text>
              <Group gap={4}>
                <Button
                  size="xs"
                  variant={from === s.seq ? 'light' : 'subtle'}
                  onClick={() => {
                    setFrom(from === s.seq ? null : (s.seq ?? null))
                    setTo('now')
                  }}
                >
                  {t('history.compare')}
                </Button>
                <Button size="xs" variant="subtle" disabled={p.readOnly} onClick={() => p.onRestore(s)}>
                  {t('history.restore')}
                </Button>
              </Group>
            </Group>
          ))}
        </Stack>
      )}
      {fromRow && (
        <>
          <Group gap="xs" mt="md" align="flex-end">
            <Select
              size="xs"
              w={260}
              label={t('history.from')}
              allowDeselect={false}
              value={String(fromRow.seq)}
              data={options}
              onChange={(v) => v && setFrom(Number(v))}
            />
            <Select
              size="xs"
              w={260}
              label={t('history.to')}
              allowDeselect={false}
              value={String(to)}
              data={[{ value: 'now', label: t('history.now') }, ...options]}
              onChange={(v) => v && setTo(v === 'now' ? 'now' : Number(v))}
            />
          </Group>
          <SnapshotDiff before={snapshotContent(fromRow)} after={toRow ? snapshotContent(toRow) : p.current} />
        </>
      )}
    </Modal>
  )
}
