import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { rowSections, type RowSection, type RowTypes, type StrategySheetContent } from '@shared/domain/strategy-sheet'
import { diffSheets, diffText, type FieldChange, type FieldValue } from '@shared/domain/sheet-diff'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { formatDate } from '../../ui/format'

/** Section names in the sheet's own words. */
const sectionKey: Record<RowSection, string> = {
  influences: 'section.influences',
  gaps: 'section.gaps',
  competitors: 'section.competition',
  notes: 'section.notes',
  actions: 'section.actions'
}

/** Field labels reuse the sheet's column headings. */
const fieldKey: Record<string, string> = {
  contactId: 'influence.contact',
  name: 'influence.contact',
  role: 'influence.role',
  influence: 'influence.influence',
  mode: 'influence.mode',
  rating: 'influence.rating',
  businessResult: 'influence.businessResult',
  personalWin: 'influence.personalWin',
  coveredBy: 'influence.coveredBy',
  newPlayer: 'influence.newPlayer',
  question: 'gap.question',
  owner: 'gap.owner',
  dueAt: 'gap.due',
  status: 'gap.closed',
  competitor: 'competitor.name',
  position: 'competitor.position',
  strategy: 'competitor.strategy',
  kind: 'diff.kind',
  text: 'diff.text',
  chosen: 'action.chosen',
  adequacy: 'adequacy.label',
  reorganisation: 'note.reorganisation'
}

function rowLabel(section: RowSection, row: RowTypes[RowSection]): string {
  const r = row as unknown as Record<string, unknown>
  const v = section === 'influences' ? r.name : section === 'gaps' ? r.question : section === 'competitors' ? r.competitor : r.text
  return typeof v === 'string' ? v : ''
}

/** What changed between a snapshot and the sheet now, section by section. */
export function SnapshotDiff({ before, after }: { before: StrategySheetContent; after: StrategySheetContent }): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const { locale, timeZone } = useLocale()
  const { userById } = useWorkspaceData()
  const diff = diffSheets(before, after)

  const label = (field: string): string => {
    if (field.startsWith('tas.')) return t(field)
    if (field.startsWith('diagnostic.')) return t(`${field}.question`)
    return fieldKey[field] ? t(fieldKey[field]) : field
  }
  const value = (field: string, v: FieldValue): string => {
    if (v === null || v === '') return '—'
    if (typeof v === 'boolean') return t(v ? 'answer.yes' : 'answer.no')
    if (field === 'dueAt' && typeof v === 'number') return formatDate(v, locale, timeZone)
    if ((field === 'owner' || field === 'coveredBy') && typeof v === 'string') return userById.get(v)?.name ?? v
    if (field === 'status') return t(v === 'closed' ? 'answer.yes' : 'answer.no')
    if (field === 'role' || field === 'mode' || field === 'strategy') return t(`${field}.${v}`)
    if (field === 'influence') return t(`level.${v}`)
    if (field === 'kind') return t(`note.${v}`)
    if (field === 'adequacy') return t(`adequacy.${v}`)
    if (field.startsWith('tas.') || field.startsWith('diagnostic.')) return t(`answer.${v}`)
    return String(v)
  }
  const change = (f: FieldChange): React.ReactNode => {
    if (f.field === 'objective') {
      return (
        <Text size="sm" key={f.field}>
          {t('section.objective')}:{' '}
          {diffText(String(f.from ?? ''), String(f.to ?? '')).map((part, n) =>
            part.kind === 'same' ? (
              <span key={n}>{part.text}</span>
            ) : part.kind === 'added' ? (
              <ins key={n} className="diff-ins">
                {part.text}
              </ins>
            ) : (
              <del key={n} className="diff-del">
                {part.text}
              </del>
            )
          )}
        </Text>
      )
    }
    return (
      <Text size="sm" key={f.field}>
        {label(f.field)}: <del className="diff-del">{value(f.field, f.from)}</del> → <ins className="diff-ins">{value(f.field, f.to)}</ins>
      </Text>
    )
  }

  return (
    <Card withBorder padding="sm" mt="md" role="region" aria-label={t('history.diffTitle')}>
      <Title order={5} mb="xs">
        {t('history.diffTitle')}
      </Title>
      {diff.empty ? (
        <Text size="sm" c="dimmed">
          {t('history.noChanges')}
        </Text>
      ) : (
        <Stack gap="xs">
          {diff.fields.length > 0 && <div>{diff.fields.map(change)}</div>}
          {rowSections
            .filter((s) => diff.sections[s].length > 0)
            .map((s) => (
              <div key={s}>
                <Text size="sm" fw={600}>
                  {t(sectionKey[s])}
                </Text>
                {diff.sections[s].map((c) => (
                  <div key={c.id} data-diff={c.kind}>
                    <Group gap={6}>
                      <Badge size="xs" variant="light" color={c.kind === 'added' ? 'teal' : c.kind === 'removed' ? 'red' : 'blue'}>
                        {t(`history.${c.kind}`)}
                      </Badge>
                      <Text size="sm">{rowLabel(s, c.row) || t('influence.unnamed')}</Text>
                    </Group>
                    {c.fields.map((f) => (
                      <div key={f.field} style={{ paddingLeft: 16 }}>
                        {change(f)}
                      </div>
                    ))}
                  </div>
                ))}
              </div>
            ))}
        </Stack>
      )}
    </Card>
  )
}
