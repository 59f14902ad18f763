import { useCallback, useEffect, useRef, useState } from 'react'
import type WaveSurfer from 'wavesurfer.js'
import type RegionsPlugin from 'wavesurfer.js/dist/plugins/regions.esm.js'
import type { Comment } from '@shared/model/comment'
import { waveformMark } from '@shared/domain/coaching'
import type { RecordingPeaks } from '@shared/ipc'
import { bridge } from '../../bridge'
import { mediaUrl } from '../../bridge/media'
import { actionForKey, silenceJump, stepSpeed } from './player-keys'
import type { CommentDraft } from './CommentPanel'
import { fitPeaks, mergedPeaks, toFloat } from './peaks'

/**
 * The player's audio side: peaks and the media URL from main, the waveform (wavesurfer.js,
 * imported on demand) with the comments as regions and markers, playback time, speed, skipping
 * silence, and the keyboard (play, skip, speed, a note at the playhead, help).
 */
export function useCallAudio({
  recording,
  startMs,
  comments
}: {
  recording: { sha256: string; durationMs: number }
  startMs?: number | undefined
  comments: readonly Comment[]
}) {
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

  return {
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
  }
}
