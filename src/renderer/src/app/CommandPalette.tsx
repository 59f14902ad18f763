import { useDeferredValue, useMemo, useState } from 'react'
import { Spotlight, type SpotlightActionGroupData } from '@mantine/spotlight'
import { useLiveQuery } from 'dexie-react-hooks'
import { useNavigate } from 'react-router'
import { useTranslation } from 'react-i18next'
import { IconSearch } from '@tabler/icons-react'
import { prepareSearch, searchEntries, normalizeForSearch, type SearchEntry } from '@shared/domain/search'
import { getDb } from '../db/database'
import { useWorkspaceData } from './workspace-data'
import { sections } from './sections'

/**
 * Ctrl/⌘-K or `/`: jump to any section, customer, deal or person. Results are computed here
 * (substring search that works for Chinese); Spotlight only renders them.
 */
export function CommandPalette(): React.ReactNode {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const { users, orgUnitById } = useWorkspaceData()
  const [query, setQuery] = useState('')
  const deferred = useDeferredValue(query)

  const records = useLiveQuery(async () => {
    const db = getDb()
    const [customers, deals] = await Promise.all([db.customers.toArray(), db.deals.toArray()])
    const customerName = new Map(customers.map((c) => [c.id, c.name]))
    const entries: SearchEntry[] = []
    for (const c of customers) if (!c.deleted) entries.push({ id: c.id, kind: 'customer', label: c.name, detail: c.city })
    for (const d of deals) if (!d.deleted) entries.push({ id: d.id, kind: 'deal', label: d.name, detail: d.customerId === undefined ? undefined : customerName.get(d.customerId) })
    return entries
  }, [])

  const prepared = useMemo(() => {
    const people: SearchEntry[] = users.map((u) => ({
      id: u.id,
      kind: 'person',
      label: u.name,
      detail: `${u.title ?? ''} ${orgUnitById.get(u.orgUnitId)?.name ?? ''}`
    }))
    return prepareSearch([...(records ?? []), ...people])
  }, [records, users, orgUnitById])

  const actions = useMemo<SpotlightActionGroupData[]>(() => {
    const q = normalizeForSearch(deferred)
    const sectionActions = sections
      .filter((s) => !q || normalizeForSearch(t(`nav.${s.id}`)).includes(q))
      .map((s) => ({
        id: `section:${s.id}`,
        label: t(`nav.${s.id}`),
        leftSection: <s.icon size={18} />,
        onClick: () => navigate(s.path)
      }))
    const hits = searchEntries(prepared, deferred)
    const group = (kind: string, title: string, path: (id: string) => string): SpotlightActionGroupData => ({
      group: title,
      actions: hits
        .filter((h) => h.kind === kind)
        .map((h) => ({ id: `${kind}:${h.id}`, label: h.label, description: h.detail, onClick: () => navigate(path(h.id)) }))
    })
    return [
      { group: t('search.sections'), actions: sectionActions },
      group('customer', t('search.customers'), (id) => `/customers/${id}`),
      group('deal', t('search.deals'), (id) => `/deals/${id}`),
      group('person', t('search.people'), (id) => `/reps/${id}`)
    ].filter((g) => g.actions.length > 0)
  }, [deferred, prepared, navigate, t])

  return (
    <Spotlight
      actions={actions}
      query={query}
      onQueryChange={setQuery}
      filter={(_q, a) => a}
      shortcut={['mod + K', '/']}
      nothingFound={t('search.nothing')}
      scrollable
      maxHeight={480}
      searchProps={{ leftSection: <IconSearch size={18} />, placeholder: t('search.placeholder'), 'aria-label': t('search.open') }}
    />
  )
}
