import { useEffect, useMemo, useRef } from 'react'
import { ActionIcon, Badge, Button, Card, Grid, Group, Kbd, Modal, ScrollArea, SegmentedControl, Stack, Switch, Table, Text, UnstyledButton } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Comment } from '@shared/model/comment'
import { trackerHits } from '@shared/domain/coaching'
import type { TranscriptSegment } from '@shared/model/transcript-segment'
import { cueIndexAt, formatClock } from '@shared/domain/transcripts'
import { SPEEDS } from './player-keys'
import { CommentPanel } from './CommentPanel'
import { useCallAudio } from './use-call-audio'

export interface CallPlayerProps {
  recording: { id: string; sha256: string; durationMs: number }
  segments: readonly TranscriptSegment[]
  /** Open the call at this moment (a search result). */
  startMs?: number
  /** Comments and bookmarks on this call (regions and markers on the waveform). */
  comments?: readonly Comment[]
  /** Who writes new comments (the coach chosen on the Calls page). */
  authorId?: string | null
  /** Keyword-tracker words; matching transcript lines are marked. */
  trackerWords?: readonly string[]
}

const NO_COMMENTS: readonly Comment[] = []
const NO_WORDS: readonly string[] = []

/**
 * The call player: waveform from the peaks stored at import (the page never decodes the file),
 * audio streamed by URL from main, transcript beside it in sync. wavesurfer.js is imported on
 * demand so it stays out of the initial bundle.
 */
export function CallPlayer({ recording, segments, startMs, comments = NO_COMMENTS, authorId = null, trackerWords = NO_WORDS }: CallPlayerProps): React.ReactNode {
  const { t } = useTranslation('calls')
  const {
    waveRef,
    waveReady,
    audioRef,
    peaks,
    src,
    playing,
    timeMs,
    speed,
    skipSilence,
    setSkipSilence,
    help,
    setHelp,
    error,
    draft,
    setDraft,
    activeComment,
    setActiveComment,
    seek,
    toggle,
    applySpeed
  } = useCallAudio({ recording, startMs, comments })

  const current = useMemo(() => cueIndexAt(segments, timeMs), [segments, timeMs])
  const hitWords = useMemo(() => {
    const out = new Map<string, string[]>()
    for (const h of trackerHits(segments, trackerWords)) out.set(h.segmentId, [...(out.get(h.segmentId) ?? []), h.word])
    return out
  }, [segments, trackerWords])
  const activeRef = useRef<HTMLButtonElement | null>(null)
  const transcriptViewport = useRef<HTMLDivElement | null>(null)
  useEffect(() => {
    // Follow the spoken line inside the transcript pane only: scrollIntoView would also scroll
    // the page, pulling the coach away from the list or the scorecard they are reading.
    const el = activeRef.current
    const vp = transcriptViewport.current
    if (!el || !vp) return
    const top = el.getBoundingClientRect().top - vp.getBoundingClientRect().top + vp.scrollTop
    if (top < vp.scrollTop) vp.scrollTop = top
    else if (top + el.offsetHeight > vp.scrollTop + vp.clientHeight) vp.scrollTop = top + el.offsetHeight - vp.clientHeight
  }, [current])

  const split = Boolean(peaks?.splitChannels)
  return (
    <Grid data-testid="call-player">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Card withBorder padding="sm">
          {error && <Text c="red">{t('player.loadFailed')}</Text>}
          {split && (
            <Group gap="xs" mb={4}>
              <Badge size="xs" color="blue" variant="light">
                {t('player.laneRep')}
              </Badge>
              <Badge size="xs" color="orange" variant="light">
                {t('player.laneCustomer')}
              </Badge>
            </Group>
          )}
          <div ref={waveRef} data-testid="waveform" data-lanes={split ? 2 : 1} data-ready={waveReady || undefined} />
          <audio ref={audioRef} src={src ?? undefined} preload="metadata" data-testid="call-audio" />
          <Group mt="sm" gap="xs" wrap="wrap">
            <Button size="xs" onClick={toggle} data-testid="play-toggle">
              {playing ? t('player.pause') : t('player.play')}
            </Button>
            <ActionIcon.Group>
              <Button size="xs" variant="default" onClick={() => seek(timeMs - 15_000)}>
                −15s
              </Button>
              <Button size="xs" variant="default" onClick={() => seek(timeMs - 5000)}>
                −5s
              </Button>
              <Button size="xs" variant="default" onClick={() => seek(timeMs + 5000)}>
                +5s
              </Button>
              <Button size="xs" variant="default" onClick={() => seek(timeMs + 15_000)}>
                +15s
              </Button>
            </ActionIcon.Group>
            <Text size="sm" className="tabular" data-testid="player-time">
              {formatClock(timeMs)} / {formatClock(recording.durationMs)}
            </Text>
            <SegmentedControl
              size="xs"
              data-testid="speed"
              value={String(speed)}
              onChange={(v) => applySpeed(Number(v))}
              data={SPEEDS.filter((s) => [0.5, 1, 1.5, 2, 2.5, 3].includes(s)).map((s) => ({ value: String(s), label: `${s}×` }))}
            />
            <Switch
              size="xs"
              label={t('player.skipSilence', { count: peaks?.silences.length ?? 0 })}
              checked={skipSilence}
              onChange={(e) => setSkipSilence(e.currentTarget.checked)}
              data-testid="skip-silence"
            />
            <Button size="xs" variant="subtle" onClick={() => setHelp(true)}>
              {t('player.shortcuts')}
            </Button>
          </Group>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Card withBorder padding="xs">
          <Text fw={600} size="sm" mb={4}>
            {t('transcript.title')}
          </Text>
          {segments.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('transcript.none')}
            </Text>
          ) : (
            <ScrollArea h={260} viewportRef={transcriptViewport} viewportProps={{ 'data-testid': 'transcript-viewport' } as React.ComponentProps<'div'>}>
              <Stack gap={2} data-testid="transcript">
                {segments.map((s, i) => (
                  <UnstyledButton
                    key={s.id}
                    ref={i === current ? activeRef : undefined}
                    onClick={() => seek(s.startMs)}
                    data-active={i === current || undefined}
                    data-start-ms={s.startMs}
                    px={6}
                    py={2}
                    style={{ borderRadius: 4, background: i === current ? 'var(--mantine-color-blue-light)' : undefined }}
                  >
                    <Text size="xs" c="dimmed" span className="tabular">
                      {formatClock(s.startMs)} {s.speaker}
                    </Text>{' '}
                    <Text size="sm" span>
                      {s.text}
                    </Text>
                    {hitWords.get(s.id)?.map((w) => (
                      <Badge key={w} size="xs" color="orange" variant="light" ml={4} data-testid="transcript-tracker-hit">
                        {w}
                      </Badge>
                    ))}
                  </UnstyledButton>
                ))}
              </Stack>
            </ScrollArea>
          )}
        </Card>
        <CommentPanel
          recordingId={recording.id}
          comments={comments}
          authorId={authorId}
          draft={draft}
          setDraft={setDraft}
          timeMs={timeMs}
          activeId={activeComment}
          seek={(ms) => {
            seek(ms)
            setActiveComment(comments.find((c) => c.atMs === ms && !c.parentId)?.id ?? null)
          }}
        />
      </Grid.Col>
      <Modal opened={help} onClose={() => setHelp(false)} title={t('player.shortcuts')}>
        <Table fz="sm" data-testid="shortcut-help">
          <Table.Tbody>
            {(
              [
                ['Space', 'toggle'],
                ['← / →', 'skip5'],
                ['Shift + ← / →', 'skip15'],
                ['[ / ]', 'speed'],
                ['C', 'comment'],
                ['B', 'bookmark'],
                ['?', 'help']
              ] as const
            ).map(([key, what]) => (
              <Table.Tr key={what}>
                <Table.Td>
                  <Kbd>{key}</Kbd>
                </Table.Td>
                <Table.Td>{t(`shortcut.${what}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Modal>
    </Grid>
  )
}
