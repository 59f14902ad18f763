import { useState } from 'react'
import { Anchor, Badge, Box, Button, Card, Grid, Group, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core'
import { IconHistory } from '@tabler/icons-react'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { isBigDeal } from '@shared/domain/cockpit-agenda'
import { getDb } from '../../db/database'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { Money } from '../../ui/Money'
import { formatDate } from '../../ui/format'
import { Timeline } from '../timeline/Timeline'
import { DealReplay } from '../timeline/DealReplay'
import { DealInsights } from './DealInsights'
import { RecordingDropZone } from '../calls/RecordingDropZone'
import { AttachCustomer } from '../dataset/AttachCustomer'
import { useCloseDate } from '../dataset/use-close-date'
import { ContractPanel } from '../collections/ContractPanel'

/** One deal: the figures on top, what happened as the main content, insights on the side. */
export function DealPage(): React.ReactNode {
  const { id = '' } = useParams()
  const { t } = useTranslation()
  const { locale, timeZone } = useLocale()
  const { userById, processById, stageName } = useWorkspaceData()
  const [withCustomer, setWithCustomer] = useState(false)
  const [replayOpen, setReplayOpen] = useState(false)
  const closeDate = useCloseDate()
  const data = useLiveQuery(async () => {
    const db = getDb()
    const deal = await db.deals.get(id)
    if (!deal) return null
    const customer = deal.customerId === undefined ? undefined : await db.customers.get(deal.customerId)
    return { deal, customer }
  }, [id])

  if (data === undefined) return <Text c="dimmed">{t('common.loading')}</Text>
  if (data === null) return <Text>{t('deal.notFound')}</Text>
  const { deal, customer } = data
  const process = processById.get(deal.processId)
  const stage = process?.stages.find((s) => s.id === deal.stageId)

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="xs">
            <Title order={2}>{deal.name}</Title>
            <Badge color={deal.status === 'won' ? 'teal' : deal.status === 'lost' ? 'gray' : 'blue'}>{t(`deal.${deal.status}`)}</Badge>
            {isBigDeal(deal, processById) && <Badge color="grape">{t('deal.big')}</Badge>}
          </Group>
          <Text size="sm" c="dimmed">
            {customer && (
              <Anchor component={Link} to={`/customers/${customer.id}`} size="sm">
                {customer.name}
              </Anchor>
            )}
            {deal.customerId === undefined && t('dataset:noCustomer')}{' '}
            · {t('deal.created', { date: formatDate(deal.createdAt, locale, timeZone) })}
            {deal.lossReason ? ` · ${deal.lossReason}` : ''}
          </Text>
          {deal.customerId === undefined && (
            <Box mt={6}>
              <AttachCustomer dealId={deal.id} />
            </Box>
          )}
          {deal.stagePathUnknown && (
            <Badge mt={6} variant="light" color="gray" title={t('dataset:pathUnknown.hint')}>
              {t('dataset:pathUnknown.badge')}
            </Badge>
          )}
        </div>
        {deal.status !== 'open' && (
          <Button leftSection={<IconHistory size={16} />} onClick={() => setReplayOpen(true)}>
            {t('timeline:page.replay')}
          </Button>
        )}
      </Group>
      {deal.customerId !== undefined && <RecordingDropZone customerId={deal.customerId} dealId={deal.id} />}
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Field label={t('deal.amount')}>
          <Money minor={deal.amount} currency={deal.currency} fw={700} size="lg" />
        </Field>
        <Field label={t('deal.stage')}>
          <Text fw={600}>{stageName(deal.processId, deal.stageId)}</Text>
          <Text size="xs" c="dimmed">
            {process?.name}
          </Text>
        </Field>
        <Field label={t('deal.probability')}>
          <Text fw={600}>{deal.probability ?? stage?.probability ?? 0}%</Text>
        </Field>
        <Field label={t('deal.closeDate')}>
          <Text fw={600} c={deal.expectedCloseAt === undefined ? 'dimmed' : undefined}>
            {closeDate(deal.status === 'open' ? deal.expectedCloseAt : (deal.closedAt ?? deal.expectedCloseAt))}
          </Text>
        </Field>
        <Field label={t('deal.owner')}>
          <Anchor component={Link} to={`/reps/${deal.ownerId}`} fw={600}>
            {userById.get(deal.ownerId)?.name ?? '—'}
          </Anchor>
        </Field>
      </SimpleGrid>
      {deal.nextStep && (
        <Field label={t('deal.nextStep')}>
          <Text>{deal.nextStep}</Text>
        </Field>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="xs">
            <Switch
              size="sm"
              checked={withCustomer}
              onChange={(e) => setWithCustomer(e.currentTarget.checked)}
              label={t('timeline:page.includeCustomerEvents')}
            />
            <Timeline dealId={deal.id} customerId={deal.customerId} includeCustomerEvents={withCustomer} defaultRepId={deal.ownerId} height="calc(100vh - 120px)" />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            <ContractPanel deal={deal} />
            <DealInsights dealId={deal.id} />
          </Stack>
        </Grid.Col>
      </Grid>
      {deal.status !== 'open' && <DealReplay deal={deal} opened={replayOpen} onClose={() => setReplayOpen(false)} />}
    </Stack>
  )
}

function Field({ label, children }: { label: string; children: React.ReactNode }): React.ReactNode {
  return (
    <Card withBorder padding="xs">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      {children}
    </Card>
  )
}
