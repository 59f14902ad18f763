import { Table, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { tasQuestions, type RedFlag, type StrategySheetContent } from '@shared/domain/strategy-sheet'
import { useLocale } from '../../app/preferences'
import { formatDate } from '../../ui/format'

/**
 * The sheet read, not edited: plain tables and sentences for paper and for the projector, where
 * form controls would only add boxes and hide text.
 */

export const agendaSections = ['objective', 'influences', 'gaps', 'competition', 'notes', 'tas', 'actions'] as const
export type AgendaSection = (typeof agendaSections)[number]

export interface ReadoutProps {
  section: AgendaSection
  content: StrategySheetContent
  flags: RedFlag[]
  userName: (id: string) => string
}

export function SectionReadout({ section, content, flags, userName }: ReadoutProps): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const { locale, timeZone } = useLocale()
  const date = (ms: number | null): string => (ms === null ? '—' : formatDate(ms, locale, timeZone))
  const empty = (text: string): React.ReactNode => (
    <Text c="dimmed" className="readout-empty">
      {text}
    </Text>
  )
  switch (section) {
    case 'objective':
      return (
        <div>
          <Text className="readout-objective">{content.objective.trim() || '—'}</Text>
          <Text mt="xs">
            {t('adequacy.label')} <b>{content.adequacy ? t(`adequacy.${content.adequacy}`) : '—'}</b>
            {content.reorganisation ? ` · ${t('note.reorganisation')}` : ''}
          </Text>
        </div>
      )
    case 'influences':
      if (!content.influences.length) return empty(t('influence.empty'))
      return (
        <Table className="readout-table" withTableBorder withColumnBorders>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('influence.contact')}</Table.Th>
              <Table.Th>{t('influence.role')}</Table.Th>
              <Table.Th>{t('influence.influence')}</Table.Th>
              <Table.Th>{t('influence.mode')}</Table.Th>
              <Table.Th>{t('influence.rating')}</Table.Th>
              <Table.Th>{t('influence.businessResult')}</Table.Th>
              <Table.Th>{t('influence.personalWin')}</Table.Th>
              <Table.Th>{t('influence.coveredBy')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {content.influences.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>
                  {i.name || t('influence.unnamed')}
                  {i.newPlayer ? ` (${t('influence.newPlayer')})` : ''}
                </Table.Td>
                <Table.Td>{t(`role.${i.role}`)}</Table.Td>
                <Table.Td>{t(`level.${i.influence}`)}</Table.Td>
                <Table.Td>{t(`mode.${i.mode}`)}</Table.Td>
                <Table.Td className="tabular">{i.rating > 0 ? `+${i.rating}` : i.rating}</Table.Td>
                <Table.Td>{i.businessResult}</Table.Td>
                <Table.Td>{i.personalWin}</Table.Td>
                <Table.Td>{i.coveredBy ? userName(i.coveredBy) : t('influence.nobody')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )
    case 'gaps':
      if (!content.gaps.length) return empty(t('gap.empty'))
      return (
        <Table className="readout-table" withTableBorder withColumnBorders>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('gap.question')}</Table.Th>
              <Table.Th>{t('gap.owner')}</Table.Th>
              <Table.Th>{t('gap.due')}</Table.Th>
              <Table.Th>{t('gap.closed')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {content.gaps.map((g) => (
              <Table.Tr key={g.id}>
                <Table.Td>{g.question}</Table.Td>
                <Table.Td>{g.owner ? userName(g.owner) : '—'}</Table.Td>
                <Table.Td className="tabular">{date(g.dueAt)}</Table.Td>
                <Table.Td>{g.status === 'closed' ? t('answer.yes') : t('answer.no')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )
    case 'competition':
      if (!content.competitors.length) return empty(t('competitor.empty'))
      return (
        <Table className="readout-table" withTableBorder withColumnBorders>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('competitor.name')}</Table.Th>
              <Table.Th>{t('competitor.position')}</Table.Th>
              <Table.Th>{t('competitor.strategy')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {content.competitors.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.competitor}</Table.Td>
                <Table.Td>{c.position}</Table.Td>
                <Table.Td>{c.strategy ? t(`strategy.${c.strategy}`) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )
    case 'notes': {
      const strengths = content.notes.filter((n) => n.kind === 'strength')
      const written = content.notes.filter((n) => n.kind === 'red_flag')
      return (
        <div className="readout-columns">
          <div>
            <Text fw={600}>{t('flags.title')}</Text>
            <ul>
              {flags.map((f, n) => (
                <li key={`${f.code}-${f.rowId ?? n}`} data-flag={f.code}>
                  {t(`flag.${f.code}.title`, { ...f.params, mode: typeof f.params.mode === 'string' ? t(`mode.${f.params.mode}`) : '' })}
                </li>
              ))}
              {written.map((n) => (
                <li key={n.id}>{n.text}</li>
              ))}
              {flags.length + written.length === 0 && <li>{t('flags.none')}</li>}
            </ul>
          </div>
          <div>
            <Text fw={600}>{t('note.strength')}</Text>
            <ul>
              {strengths.map((n) => (
                <li key={n.id}>{n.text}</li>
              ))}
              {strengths.length === 0 && <li>—</li>}
            </ul>
          </div>
        </div>
      )
    }
    case 'tas':
      return (
        <Table className="readout-table" withTableBorder withColumnBorders>
          <Table.Tbody>
            {tasQuestions.map((q) => (
              <Table.Tr key={q}>
                <Table.Td>{t(`tas.${q}`)}</Table.Td>
                <Table.Td fw={600}>{content.tas[q] ? t(`answer.${content.tas[q]}`) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )
    case 'actions':
      if (!content.actions.length) return empty(t('action.empty'))
      return (
        <Table className="readout-table" withTableBorder withColumnBorders>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('section.actions')}</Table.Th>
              <Table.Th>{t('action.chosen')}</Table.Th>
              <Table.Th>{t('action.owner')}</Table.Th>
              <Table.Th>{t('gap.due')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...content.actions]
              .sort((a, b) => Number(b.chosen) - Number(a.chosen))
              .map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.text}</Table.Td>
                  <Table.Td>{a.chosen ? '★' : ''}</Table.Td>
                  <Table.Td>{a.owner ? userName(a.owner) : '—'}</Table.Td>
                  <Table.Td className="tabular">{date(a.dueAt)}</Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
      )
  }
}
