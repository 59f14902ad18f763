import { Anchor, Badge, Box, Card, Grid, Group, Stack, Table, Text, Title } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { isCustomerTouch } from '@shared/model'
import { getDb } from '../../db/database'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { Money } from '../../ui/Money'
import { formatRelative } from '../../ui/format'
import { useNow } from '../../ui/use-now'
import { Timeline } from '../timeline/Timeline'
import { RecordingDropZone } from '../calls/RecordingDropZone'

/** One customer: who owns it, who we know there, its deals, and everything that happened. */
export function CustomerPage(): React.ReactNode {
  const { id = '' } = useParams()
  const { t } = useTranslation()
  const { locale, timeZone } = useLocale()
  const now = useNow()
  const { userById, stageName } = useWorkspaceData()
  const data = useLiveQuery(async () => {
    const db = getDb()
    const customer = await db.customers.get(id)
    if (!customer) return null
    const [contacts, deals, lastTouch] = await Promise.all([
      db.contacts.where('customerId').equals(id).toArray(),
      db.deals.where('customerId').equals(id).toArray(),
      // Newest first, stop at the first real touch: an email or a missed call is not one.
      db.activities
        .where('[customerId+at]')
        .between([id, 0], [id, now])
        .reverse()
        .filter((a) => isCustomerTouch(a))
        .first()
    ])
    return { customer, contacts, deals, lastTouch }
  }, [id, now])
  if (data === undefined) return <Text c="dimmed">{t('common.loading')}</Text>
  if (data === null) return <Text>{t('customers.notFound')}</Text>
  const { customer: c, contacts, deals, lastTouch } = data
  const openFirst = [...deals].sort((a, b) => Number(a.status !== 'open') - Number(b.status !== 'open') || b.createdAt - a.createdAt)

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: 4, xl: 3 }}>
        <Stack gap="sm">
          <div>
            <Title order={2} style={{ overflowWrap: 'anywhere' }}>
              {c.name}
            </Title>
            <Group gap={6} mt={4}>
              <Badge variant="light">{t(`customers.tier.${c.tier}`)}</Badge>
              {c.ownerId === null ? (
                <Badge color="yellow">{t('customers.inPool')}</Badge>
              ) : (
                <Badge color="teal" variant="light">
                  {t('customers.owned')}
                </Badge>
              )}
            </Group>
          </div>
          <RecordingDropZone customerId={c.id} />
          <Card withBorder padding="sm">
            <Table fz="sm" verticalSpacing={3} withRowBorders={false}>
              <Table.Tbody>
                <Fact label={t('customers.owner')}>
                  {c.ownerId ? (
                    <Anchor component={Link} to={`/reps/${c.ownerId}`} size="sm">
                      {userById.get(c.ownerId)?.name ?? '—'}
                    </Anchor>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('customers.pool')}
                      {c.previousOwnerId ? ` · ${t('timeline:page.previousOwner', { name: userById.get(c.previousOwnerId)?.name ?? '—' })}` : ''}
                    </Text>
                  )}
                </Fact>
                <Fact label={t('customers.industry')}>{c.industry || '—'}</Fact>
                <Fact label={t('customers.size')}>{t(`customers.sizes.${c.size}`)}</Fact>
                <Fact label={t('customers.channel')}>{c.channel || '—'}</Fact>
                {c.city && <Fact label={t('customers.city')}>{c.city}</Fact>}
                <Fact label={t('deal.lastTouch')}>
                  {lastTouch ? (
                    <Text size="sm" title={t(`kinds.${lastTouch.kind}`)}>
                      {formatRelative(lastTouch.at, now, locale, timeZone)} · {t(`kinds.${lastTouch.kind}`)}
                    </Text>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('timeline:page.neverTouched')}
                    </Text>
                  )}
                </Fact>
              </Table.Tbody>
            </Table>
          </Card>
          <Card withBorder padding="sm">
            <Text fw={600} mb="xs">
              {t('customers.contacts')}
            </Text>
            {contacts.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('common.none')}
              </Text>
            )}
            <Stack gap={4}>
              {contacts.map((p) => (
                <Box key={p.id}>
                  <Text size="sm">
                    {p.name}{' '}
                    <Text span size="xs" c="dimmed">
                      {p.title}
                    </Text>
                  </Text>
                  {p.phone && (
                    <Text size="xs" c="dimmed" className="tabular">
                      {p.phone}
                    </Text>
                  )}
                </Box>
              ))}
            </Stack>
          </Card>
          <Card withBorder padding="sm">
            <Text fw={600} mb="xs">
              {t('customers.deals')}
            </Text>
            {deals.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('common.none')}
              </Text>
            )}
            <Stack gap={6}>
              {openFirst.map((d) => (
                <Group key={d.id} justify="space-between" wrap="nowrap" gap="xs">
                  <Box style={{ minWidth: 0 }}>
                    <Anchor component={Link} to={`/deals/${d.id}`} size="sm" lineClamp={1}>
                      {d.name}
                    </Anchor>
                    <Text size="xs" c={d.status === 'lost' ? 'dimmed' : undefined}>
                      {d.status === 'open' ? stageName(d.processId, d.stageId) : t(`deal.${d.status}`)}
                    </Text>
                  </Box>
                  <Money minor={d.amount} currency={d.currency} size="sm" />
                </Group>
              ))}
            </Stack>
          </Card>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 8, xl: 9 }}>
        <Timeline customerId={c.id} defaultRepId={c.ownerId ?? c.previousOwnerId ?? null} height="calc(100vh - 110px)" exportTitle={c.name} />
      </Grid.Col>
    </Grid>
  )
}

function Fact({ label, children }: { label: string; children: React.ReactNode }): React.ReactNode {
  return (
    <Table.Tr>
      <Table.Td c="dimmed" w={96} style={{ verticalAlign: 'top' }}>
        {label}
      </Table.Td>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  )
}
