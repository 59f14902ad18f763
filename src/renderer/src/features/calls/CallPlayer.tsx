import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ActionIcon, Badge, Button, Card, Grid, Group, Kbd, Modal, ScrollArea, SegmentedControl, Stack, Switch, Table, Text, UnstyledButton } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type WaveSurfer from 'wavesurfer.js'
import type RegionsPlugin from 'wavesurfer.js/dist/plugins/regions.esm.js'
import type { Comment } from '@shared/model/comment'
import { trackerHits, waveformMark } from '@shared/domain/coaching'
import type { RecordingPeaks } from '@shared/ipc'
import type { TranscriptSegment } from '@shared/model/transcript-segment'
import { cueIndexAt, formatClock } from '@shared/domain/transcripts'
import { bridge } from '../../bridge'
import { mediaUrl } from '../../bridge/media'
import { actionForKey, SPEEDS, silenceJump, stepSpeed } from './player-keys'
import { CommentPanel, type CommentDraft } from './CommentPanel'
import { fitPeaks, mergedPeaks, toFloat } from './peaks'

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

/** Int8 peaks (0…127) from main → the 0…1 floats wavesurfer draws. */
/**
 * The call player: waveform from the peaks stored at import (the page never decodes the file),
 * audio streamed by URL from main, transcript beside it in sync. wavesurfer.js is imported on
 * demand so it stays out of the initial bundle.
 */
export function CallPlayer({ recording, segments, startMs, comments = NO_COMMENTS, authorId = null, trackerWords = NO_WORDS }: CallPlayerProps): React.ReactNode {
  const { t } = useTranslation('calls')
  const waveRef = useRef<HTMLDivElement>(null)
  const audioRef = useRef<HTMLAudioElement>(null)
  const wsRef = useRef<WaveSurfer | null>(null)
  const regionsRef = useRef<RegionsPlugin | null>(null)
  const [waveReady, setWaveReady] = useState(false)
  const [draft, setDraft] = useState<CommentDraft | null>(null)
  const [activeComment, setActiveComment] = useState<string | null>(null)
  const [peaks, setPeaks] = useState<RecordingPeaks | null>(null)
  const [src, setSrc] = useState<string | null>(null)
  const [playing, setPlaying] = useState(false)
  const [timeMs, setTimeMs] = useState(startMs ?? 0)
  const [speed, setSpeed] = useState(1)
  const [skipSilence, setSkipSilence] = useState(false)
  const [help, setHelp] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const skipRef = useRef(skipSilence)
  skipRef.current = skipSilence

  useEffect(() => {
    let live = true
    void Promise.all([bridge.invoke('recordings.peaks', { sha256: recording.sha256 }), mediaUrl(recording.sha256)]).then(
      ([p, url]) => {
        if (!live) return
        setPeaks(p)
        setSrc(url)
      },
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e))
    )
    return () => {
      live = false
    }
  }, [recording.sha256])

  // The waveform: built once peaks and the audio element are there.
  useEffect(() => {
    const container = waveRef.current
    const media = audioRef.current
    if (!peaks || !src || !container || !media) return
    let ws: WaveSurfer | null = null
    let cancelled = false
    void (async () => {
      const [{ default: WaveSurferCtor }, { default: Minimap }, { default: Regions }] = await Promise.all([
        import('wavesurfer.js'),
        import('wavesurfer.js/dist/plugins/minimap.esm.js'),
        import('wavesurfer.js/dist/plugins/regions.esm.js')
      ])
      if (cancelled) return
      const lanes = peaks.peaks.map((p) => fitPeaks(toFloat(p)))
      const split = peaks.splitChannels && lanes.length === 2
      ws = WaveSurferCtor.create({
        container,
        media,
        peaks: split ? lanes : [mergedPeaks(lanes)],
        duration: peaks.durationMs / 1000,
        height: split ? 56 : 96,
        waveColor: '#74c0fc',
        progressColor: '#1c7ed6',
        cursorColor: '#e03131',
        normalize: true,
        minPxPerSec: 0,
        splitChannels: split
          ? [
              { waveColor: '#74c0fc', progressColor: '#1c7ed6' },
              { waveColor: '#ffc078', progressColor: '#e8590c' }
            ]
          : undefined,
        plugins: [Minimap.create({ height: 18, waveColor: '#ced4da', progressColor: '#868e96' })]
      })
      wsRef.current = ws
      regionsRef.current = ws.registerPlugin(Regions.create())
      setWaveReady(true)
    })()
    return () => {
      cancelled = true
      ws?.destroy()
      wsRef.current = null
      regionsRef.current = null
      setWaveReady(false)
    }
  }, [peaks, src])

  // Comments with a range are regions, bookmarks and point comments are markers; rebuilt on change.
  useEffect(() => {
    const regions = regionsRef.current
    const container = waveRef.current
    if (!waveReady || !regions || !container) return
    regions.clearRegions()
    let ranges = 0
    let markers = 0
    for (const c of comments) {
      if (c.parentId) continue
      const mark = waveformMark(c)
      if (!mark) continue
      const bookmark = c.kind === 'bookmark'
      const region = regions.addRegion({
        id: `comment-${c.id}`,
        start: mark.startMs / 1000,
        ...(mark.endMs !== undefined ? { end: mark.endMs / 1000 } : {}),
        color: mark.endMs !== undefined ? 'rgba(250, 176, 5, 0.25)' : bookmark ? '#ae3ec9' : '#f59f00',
        content: bookmark ? '★' : c.body.slice(0, 24),
        drag: false,
        resize: false
      })
      region.on('click', () => setActiveComment(c.id))
      if (mark.endMs !== undefined) ranges++
      else markers++
    }
    container.dataset.regions = String(ranges)
    container.dataset.markers = String(markers)
  }, [comments, waveReady])

  // Playback follows the media element; skip-silence checks every frame while playing, since
  // timeupdate (~4 Hz) would let a quarter second of each gap through.
  useEffect(() => {
    const media = audioRef.current
    if (!media || !src) return
    let raf = 0
    const tick = (): void => {
      if (skipRef.current && peaks) {
        const to = silenceJump(peaks.silences, media.currentTime)
        if (to !== null) media.currentTime = to
      }
      setTimeMs(Math.round(media.currentTime * 1000))
      if (!media.paused) raf = requestAnimationFrame(tick)
    }
    const onPlay = (): void => {
      setPlaying(true)
      raf = requestAnimationFrame(tick)
    }
    const onPause = (): void => {
      setPlaying(false)
      cancelAnimationFrame(raf)
    }
    const onTime = (): void => setTimeMs(Math.round(media.currentTime * 1000))
    const onLoaded = (): void => {
      if (startMs) media.currentTime = startMs / 1000
    }
    media.addEventListener('play', onPlay)
    media.addEventListener('pause', onPause)
    media.addEventListener('seeked', onTime)
    media.addEventListener('timeupdate', onTime)
    media.addEventListener('loadedmetadata', onLoaded, { once: true })
    return () => {
      cancelAnimationFrame(raf)
      media.removeEventListener('play', onPlay)
      media.removeEventListener('pause', onPause)
      media.removeEventListener('seeked', onTime)
      media.removeEventListener('timeupdate', onTime)
      media.removeEventListener('loadedmetadata', onLoaded)
    }
  }, [src, peaks, startMs])

  const seek = useCallback((ms: number) => {
    const media = audioRef.current
    if (!media) return
    media.currentTime = Math.max(0, Math.min(ms / 1000, (media.duration || recording.durationMs / 1000) - 0.05))
    setTimeMs(Math.round(media.currentTime * 1000))
  }, [recording.durationMs])

  const toggle = useCallback(() => {
    const media = audioRef.current
    if (!media) return
    if (media.paused) void media.play()
    else media.pause()
  }, [])

  const applySpeed = useCallback((next: number) => {
    const media = audioRef.current
    setSpeed(next)
    if (media) {
      // Keep voices natural at 2×–3×; chipmunk speech is what makes coaches stop speeding up.
      media.preservesPitch = true
      media.playbackRate = next
    }
  }, [])

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return
      if (e.ctrlKey || e.metaKey || e.altKey) return
      const action = actionForKey(e)
      if (!action) return
      e.preventDefault()
      if (action.kind === 'note') {
        setDraft({ kind: action.note, atMs: Math.round((audioRef.current?.currentTime ?? 0) * 1000) })
        return
      }
      if (action.kind === 'toggle') toggle()
      else if (action.kind === 'skip') seek((audioRef.current?.currentTime ?? 0) * 1000 + action.seconds * 1000)
      else if (action.kind === 'speed') applySpeed(stepSpeed(audioRef.current?.playbackRate ?? 1, action.dir))
      else setHelp((h) => !h)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [toggle, seek, applySpeed])

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
