import { useMemo } from 'react'
import { Select, type ComboboxItem, type ComboboxItemGroup } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { IconSitemap } from '@tabler/icons-react'
import { useWorkspaceData } from './workspace-data'
import { useScope } from './scope'
import type { Scope } from '@shared/domain/org-scope'

const encode = (s: Scope): string => (s.kind === 'all' ? 'all' : `${s.kind}:${s.id}`)
const decode = (v: string | null): Scope => {
  if (!v || v === 'all') return { kind: 'all' }
  const [kind, id] = v.split(':') as ['orgUnit' | 'rep', string]
  return { kind, id }
}

/** Region / team / rep picker; the choice filters every view. Type to find a rep by name. */
export function ScopePicker(): React.ReactNode {
  const { t } = useTranslation()
  const { orgUnits, users } = useWorkspaceData()
  const { scope, setScope } = useScope()

  const data = useMemo<ComboboxItemGroup<ComboboxItem>[]>(() => {
    const regions = orgUnits.filter((o) => o.kind === 'region')
    const teams = orgUnits.filter((o) => o.kind === 'team')
    const reps = users.filter((u) => u.role === 'rep' && u.active)
    const teamName = new Map(teams.map((tm) => [tm.id, tm.name]))
    return [
      { group: t('scope.all'), items: [{ value: 'all', label: t('scope.all') }] },
      { group: t('scope.regions'), items: regions.map((r) => ({ value: `orgUnit:${r.id}`, label: r.name })) },
      { group: t('scope.teams'), items: teams.map((tm) => ({ value: `orgUnit:${tm.id}`, label: tm.name })) },
      {
        group: t('scope.reps'),
        items: reps.map((u) => ({ value: `rep:${u.id}`, label: `${u.name} · ${teamName.get(u.orgUnitId) ?? ''}` }))
      }
    ].filter((g) => g.items.length > 0)
  }, [orgUnits, users, t])

  return (
    <Select
      aria-label={t('scope.label')}
      placeholder={t('scope.placeholder')}
      data={data}
      value={encode(scope)}
      onChange={(v) => setScope(decode(v))}
      searchable
      allowDeselect={false}
      leftSection={<IconSitemap size={16} />}
      w={260}
      size="xs"
      comboboxProps={{ withinPortal: true }}
      maxDropdownHeight={420}
    />
  )
}
