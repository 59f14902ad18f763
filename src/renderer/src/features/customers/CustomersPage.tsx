import { useDeferredValue, useMemo } from 'react'
import { Anchor, Badge, Group, SegmentedControl, Select, Text, TextInput } from '@mantine/core'
import { useLocalStorage } from '@mantine/hooks'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { IconSearch } from '@tabler/icons-react'
import { normalizeForSearch } from '@shared/domain/search'
import { getDb } from '../../db/database'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { PageHeader } from '../../ui/PageHeader'
import { NewCustomerButton } from '../records/NewRecordButtons'
import { VirtualList } from '../../ui/VirtualList'
import { ListHeader } from '../../ui/ListHeader'
import { ExportMenu } from '../export/ExportMenu'
import { customersTable } from './export-tables'
import { useWarmQuery } from '../../db/warm'

const ROW = 40

export function CustomersPage(): React.ReactNode {
  const { t } = useTranslation()
  const { userById, orgUnitById } = useWorkspaceData()
  const { contains } = useScope()
  const [owner, setOwner] = useLocalStorage({ key: 'customers.owner', defaultValue: 'all' })
  const [industry, setIndustry] = useLocalStorage<string | null>({ key: 'customers.industry', defaultValue: null })
  const [query, setQuery] = useLocalStorage({ key: 'customers.query', defaultValue: '' })
  const q = useDeferredValue(query)
  const customers = useWarmQuery('customers', () => getDb().customers.toArray())

  const industries = useMemo(() => [...new Set((customers ?? []).map((c) => c.industry))].sort(), [customers])
  const rows = useMemo(() => {
    if (!customers) return null
    const nq = normalizeForSearch(q)
    return customers
      .filter(
        (c) =>
          !c.deleted &&
          contains(c) &&
          (owner === 'all' || (owner === 'pool' ? c.ownerId === null : c.ownerId !== null)) &&
          (!industry || c.industry === industry) &&
          (!nq || normalizeForSearch(`${c.name} ${c.city ?? ''} ${c.address ?? ''}`).includes(nq))
      )
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
  }, [customers, q, contains, owner, industry])

  return (
    <div>
      <PageHeader
        title={t('customers.title')}
        subtitle={rows ? t('customers.total', { count: rows.length }) : undefined}
        right={<NewCustomerButton />}
      />
      <Group mb="sm" gap="sm">
        <TextInput
          aria-label={t('customers.filter')}
          placeholder={t('customers.filter')}
          leftSection={<IconSearch size={16} />}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          w={260}
          size="xs"
        />
        <SegmentedControl
          aria-label={t('customers.owner')}
          size="xs"
          value={owner}
          onChange={setOwner}
          data={[
            { value: 'all', label: t('customers.all') },
            { value: 'owned', label: t('customers.owned') },
            { value: 'pool', label: t('customers.pool') }
          ]}
        />
        <Select
          aria-label={t('customers.industry')}
          placeholder={t('customers.industry')}
          size="xs"
          clearable
          searchable
          value={industry}
          onChange={setIndustry}
          data={industries}
          w={180}
        />
        <Group ml="auto">
          <ExportMenu
            title={t('customers.title')}
            disabled={!rows}
            tables={() => [
              customersTable(t('customers.title'), rows ?? [], { userById, teamName: (id) => orgUnitById.get(id)?.name }, t)
            ]}
          />
        </Group>
      </Group>
      {rows && rows.length === 0 && <Text c="dimmed">{t('customers.empty')}</Text>}
      {rows && rows.length > 0 && (
        <ListHeader
          columns={[
            { label: t('customers.title'), flex: 3 },
            { label: t('customers.industry'), flex: 1 },
            { label: t('customers.city'), flex: 0.8 },
            { label: t('customers.size'), flex: 0.8 },
            { label: t('customers.owner'), flex: 1 }
          ]}
        />
      )}
      {rows && rows.length > 0 && (
        <VirtualList
          label={t('customers.title')}
          items={rows}
          rowHeight={ROW}
          height="calc(100vh - 230px)"
          getKey={(c) => c.id}
          renderRow={(c) => (
            <Group
              h={ROW}
              px="xs"
              gap="sm"
              wrap="nowrap"
              style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
            >
              <Anchor component={Link} to={`/customers/${c.id}`} size="sm" fw={500} style={{ flex: 3 }} truncate>
                {c.name}
              </Anchor>
              <Text size="sm" style={{ flex: 1 }} truncate>
                {c.industry}
              </Text>
              <Text size="sm" c="dimmed" style={{ flex: 0.8 }} truncate>
                {c.city}
              </Text>
              <Text size="sm" style={{ flex: 0.8 }} truncate>
                {t(`customers.sizes.${c.size}`)}
              </Text>
              <div style={{ flex: 1 }}>
                {c.ownerId === null ? (
                  <Badge size="xs" color="yellow" variant="light">
                    {t('customers.inPool')}
                  </Badge>
                ) : (
                  <Anchor component={Link} to={`/reps/${c.ownerId}`} size="sm">
                    {userById.get(c.ownerId)?.name ?? '—'}
                  </Anchor>
                )}
              </div>
            </Group>
          )}
        />
      )}
    </div>
  )
}
