import { useEffect, useState } from 'react'
import { Button, Card, Group, NumberInput, SimpleGrid, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import type { AnalyticsSettings } from '@shared/model'
import { getDb } from '../../db/database'
import { AnalyticsSettingsError, effectiveSettings, saveAnalyticsSettings } from '../../db/analytics'
import { useAnalyticsRates } from './use-rates'

type Field = 'smallBelow' | 'bigFrom' | 'costPerVisit' | 'costPerCall' | 'costPerRideAlong' | 'costPerWarRoomHour'
const MONEY: readonly Field[] = ['smallBelow', 'bigFrom', 'costPerVisit', 'costPerCall', 'costPerRideAlong', 'costPerWarRoomHour']

/**
 * Settings → Analytics: where small, medium and big deals part and what a unit of selling effort
 * costs. Entered in whole currency units, stored in minor units; one synced row for the team.
 */
export function AnalyticsSettingsCard(): React.ReactNode {
  const { t } = useTranslation('analytics')
  const rates = useAnalyticsRates()
  const rows = useLiveQuery(() => getDb().analyticsSettings.toArray(), [])
  const current = rows ? effectiveSettings(rows, rates.base) : null
  const [draft, setDraft] = useState<AnalyticsSettings | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    if (current && !draft) setDraft(current)
  }, [current, draft])
  if (!draft) return null

  const major = (f: Field): number => draft[f] / 100
  const set = (f: Field, v: string | number): void => {
    const n = typeof v === 'number' ? v : Number(v)
    setDraft({ ...draft, [f]: Number.isFinite(n) ? Math.round(n * 100) : NaN })
    setError(null)
  }
  async function save(): Promise<void> {
    if (!draft) return
    setBusy(true)
    try {
      await saveAnalyticsSettings(draft)
      notifications.show({ color: 'teal', message: t('settings.saved') })
    } catch (e) {
      setError(e instanceof AnalyticsSettingsError ? t(`errors.${e.code}`) : String(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card withBorder data-testid="analytics-settings">
      <Text fw={600}>{t('settings.title')}</Text>
      <Text size="xs" c="dimmed" mb="sm">
        {t('settings.note')} {t('settings.currency', { currency: draft.currency })}
      </Text>
      <SimpleGrid cols={2} spacing="sm">
        {MONEY.map((f) => (
          <NumberInput key={f} size="xs" label={t(`settings.${f}`)} value={major(f)} min={0} thousandSeparator="," onChange={(v) => set(f, v)} />
        ))}
        <NumberInput
          size="xs"
          label={t('settings.warRoomHoursPerSheet')}
          value={draft.warRoomHoursPerSheet}
          min={0}
          max={1000}
          onChange={(v) => {
            setDraft({ ...draft, warRoomHoursPerSheet: typeof v === 'number' ? v : Number(v) })
            setError(null)
          }}
        />
      </SimpleGrid>
      <Group mt="sm" gap="sm">
        <Button size="xs" onClick={() => void save()} loading={busy}>
          {t('settings.save')}
        </Button>
        {error && (
          <Text size="sm" c="red.7" role="alert">
            {error}
          </Text>
        )}
      </Group>
    </Card>
  )
}
