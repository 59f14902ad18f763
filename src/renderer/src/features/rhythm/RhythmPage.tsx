import { useMemo } from 'react'
import { Alert, Card, Text } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { visitsToday } from '@shared/domain/cockpit-agenda'
import { DAY_MS } from '@shared/domain/calendar'
import { getDb } from '../../db/database'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { PageHeader } from '../../ui/PageHeader'
import { useNow } from '../../ui/use-now'
import { VisitsTable } from '../cockpit/CockpitHome'

export function RhythmPage(): React.ReactNode {
  const { t } = useTranslation()
  const { timeZone } = useLocale()
  const { users } = useWorkspaceData()
  const { contains } = useScope()
  const now = useNow()
  const todays = useLiveQuery(() => getDb().activities.where('at').between(now - DAY_MS, now + DAY_MS).toArray(), [now])
  const rows = useMemo(
    () => visitsToday(users.filter((u) => contains({ orgUnitId: u.orgUnitId, ownerId: u.id })), todays ?? [], now, timeZone),
    [users, contains, todays, now, timeZone]
  )
  return (
    <div>
      <PageHeader title={t('rhythm.title')} />
      <Alert variant="light" mb="md" py={6}>
        <Text size="sm">{t('rhythm.intro')}</Text>
      </Alert>
      <Card withBorder padding="sm">
        <Text fw={600} mb="xs">
          {t('rhythm.today')}
        </Text>
        <VisitsTable rows={rows} />
      </Card>
    </div>
  )
}
