import { useEffect, useState } from 'react'
import { Badge, Button, Card, Group, Stack, Table, Text, TextInput } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { formatClock, type TranscriptHit } from '@shared/domain/transcripts'
import type { Recording } from '@shared/model/recording'
import { searchAllTranscripts } from '../../db/recordings'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { formatDate, formatTime } from '../../ui/format'
import { ExportMenu } from '../export/ExportMenu'
import { callsTable } from './export-tables'
import { figureValue, formatFigure, SortHeader } from './ConversationMetrics'
import type { useCallsPage } from './use-calls-page'

/** The conversation figures the list shows and sorts by. */
const LIST_COLUMNS = ['talkRatio', 'longestRepMonologueMs', 'switchesPerMinute', 'patienceMs', 'questionsPerHour'] as const

type Page = ReturnType<typeof useCallsPage>

/** The calls tab: search across every transcript, then the list of recorded calls with their figures. */
export function CallsList({
  page
}: {
  page: Pick<Page, 'data' | 'customerName' | 'openCall' | 'openId' | 'listed' | 'scores' | 'metrics' | 'sort' | 'setSort'>
}): React.ReactNode {
  const { t } = useTranslation('calls')
  const { t: tm } = useTranslation('callMetrics')
  const { locale, timeZone } = useLocale()
  const { userById } = useWorkspaceData()
  const { data, customerName, openCall, openId, listed, scores, metrics, sort, setSort } = page
  const [query, setQuery] = useState('')
  const [hits, setHits] = useState<TranscriptHit[]>([])

  useEffect(() => {
    let live = true
    if (!query.trim()) {
      setHits([])
      return
    }
    void searchAllTranscripts(query).then((h) => live && setHits(h))
    return () => {
      live = false
    }
  }, [query])

  return (
    <>
      <Card withBorder padding="sm" mb="md">
        <TextInput
          label={t('search.label')}
          placeholder={t('search.placeholder')}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          data-testid="transcript-search"
        />
        {query.trim() !== '' && (
          <Stack gap={2} mt="xs" data-testid="search-results">
            {hits.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('search.none')}
              </Text>
            )}
            {hits.map((h) => {
              const r = data?.recordings.find((x) => x.id === h.recordingId)
              return (
                <Button
                  key={h.segmentId}
                  variant="subtle"
                  size="compact-sm"
                  justify="start"
                  onClick={() => openCall(h.recordingId, h.startMs)}
                >
                  {customerName.get(r?.customerId ?? '') ?? r?.originalName} · {formatClock(h.startMs)} · {h.text}
                </Button>
              )
            })}
          </Stack>
        )}
      </Card>

      <Card withBorder padding="sm">
        <Group justify="space-between" mb="xs">
          <Text fw={600}>{t('list.title')}</Text>
          <ExportMenu
            title={t('list.title')}
            disabled={!data}
            tables={() => [
              callsTable(t('list.title'), listed, {
                activityOf: (id) => data?.activities.get(id),
                customerName: (id) => customerName.get(id),
                userName: (id) => userById.get(id)?.name,
                scoreOf: (id) => scores.get(id),
                metricsOf: (id) => metrics.get(id)
              }, t)
            ]}
          />
        </Group>
        {data && data.recordings.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('list.empty')}
          </Text>
        ) : (
          <Table fz="sm" verticalSpacing={3} highlightOnHover data-testid="recordings-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>
                  <SortHeader k="date" sort={sort} onSort={setSort}>
                    {t('list.date')}
                  </SortHeader>
                </Table.Th>
                <Table.Th>{t('list.customer')}</Table.Th>
                <Table.Th>{t('list.rep')}</Table.Th>
                <Table.Th>{t('list.duration')}</Table.Th>
                <Table.Th>{t('list.score')}</Table.Th>
                {LIST_COLUMNS.map((f) => (
                  <Table.Th key={f}>
                    <SortHeader k={f} sort={sort} onSort={setSort}>
                      {tm(`figure.${f}`)}
                    </SortHeader>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {listed.slice(0, 200).map((r: Recording) => {
                const a = data?.activities.get(r.id)
                return (
                  <Table.Tr
                    key={r.id}
                    onClick={() => openCall(r.id)}
                    style={{ cursor: 'pointer' }}
                    data-active={r.id === openId || undefined}
                    data-name={r.originalName}
                  >
                    <Table.Td className="tabular" w={170}>
                      {formatDate(a?.at ?? r.importedAt, locale, timeZone)}{' '}
                      {formatTime(a?.at ?? r.importedAt, locale, timeZone)}
                    </Table.Td>
                    <Table.Td>
                      {customerName.get(r.customerId ?? '')}
                      {(r.title ?? a?.subject) && (
                        <Text span size="xs" c="dimmed" ml={6}>
                          {r.title ?? a?.subject}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{a ? userById.get(a.userId)?.name : ''}</Table.Td>
                    <Table.Td className="tabular">{formatClock(r.durationMs)}</Table.Td>
                    <Table.Td className="tabular" data-testid="recording-score">
                      {scores.get(r.id) != null && (
                        <Badge
                          size="sm"
                          variant="light"
                          color={scores.get(r.id)! >= 70 ? 'teal' : scores.get(r.id)! >= 50 ? 'yellow' : 'red'}
                        >
                          {scores.get(r.id)}
                        </Badge>
                      )}
                    </Table.Td>
                    {LIST_COLUMNS.map((f) => {
                      const m = metrics.get(r.id)
                      const v = figureValue(m, f)
                      // A mono call says why its two-lane figures are empty.
                      const why = v === null && m?.lanesMissing === 'mono' && f !== 'questionsPerHour' ? tm('list.notAvailable') : undefined
                      return (
                        <Table.Td key={f} className="tabular" data-testid={`list-${f}`} title={why}>
                          {why ? (
                            <Text span size="xs" c="dimmed">
                              {why}
                            </Text>
                          ) : (
                            formatFigure(f, v)
                          )}
                        </Table.Td>
                      )
                    })}
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </>
  )
}

