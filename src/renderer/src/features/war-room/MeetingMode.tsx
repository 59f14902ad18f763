import { useCallback, useEffect, useRef, useState } from 'react'
import { Button, Group, Text } from '@mantine/core'
import { IconArrowLeft, IconArrowRight, IconX } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { RedFlag, StrategySheetContent } from '@shared/domain/strategy-sheet'
import { agendaSections, SectionReadout } from './SheetReadout'

/** mm:ss, or h:mm:ss once a meeting runs past the hour. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  const two = (n: number): string => String(n).padStart(2, '0')
  const h = Math.floor(s / 3600)
  return h > 0 ? `${h}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}` : `${two(Math.floor(s / 60))}:${two(s % 60)}`
}

/**
 * The sheet on the projector: full screen, large type, one section at a time in agenda order,
 * with the meeting's running time. ←/→ walk the agenda, Esc leaves. The sheet stays live, so a
 * change typed in another window shows up on the wall.
 */
export function MeetingMode(p: { dealName: string; content: StrategySheetContent; flags: RedFlag[]; userName: (id: string) => string; onClose: () => void }): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const ref = useRef<HTMLDivElement>(null)
  const [index, setIndex] = useState(0)
  const [startedAt] = useState(() => Date.now())
  const [now, setNow] = useState(startedAt)
  const { onClose } = p

  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000)
    return () => window.clearInterval(timer)
  }, [])

  // Full screen where allowed; a browser may refuse (no user gesture, a kiosk), the layout still works.
  useEffect(() => {
    const el = ref.current
    let entered = false
    const onChange = (): void => {
      if (document.fullscreenElement === el) entered = true
      else if (entered) onClose()
    }
    document.addEventListener('fullscreenchange', onChange)
    el?.requestFullscreen?.().catch(() => {})
    return () => {
      document.removeEventListener('fullscreenchange', onChange)
      if (document.fullscreenElement === el) void document.exitFullscreen().catch(() => {})
    }
  }, [onClose])

  const go = useCallback((step: number) => setIndex((i) => Math.max(0, Math.min(agendaSections.length - 1, i + step))), [])
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'ArrowRight' || e.key === 'PageDown') go(1)
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') go(-1)
      else if (e.key === 'Escape') onClose()
      else return
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [go, onClose])

  const section = agendaSections[index]!
  return (
    <div ref={ref} className="meeting-mode" role="dialog" aria-modal="true" aria-label={t('meeting.title')}>
      <div className="meeting-bar">
        <Text fw={700} size="xl">
          {t('sheetTitle', { deal: p.dealName })}
        </Text>
        <Group gap="lg">
          <span className="meeting-timer" role="timer" aria-label={t('meeting.timer')}>
            {formatElapsed(now - startedAt)}
          </span>
          <Button variant="default" leftSection={<IconArrowLeft size={18} />} onClick={() => go(-1)} disabled={index === 0}>
            {t('meeting.previous')}
          </Button>
          <Button rightSection={<IconArrowRight size={18} />} onClick={() => go(1)} disabled={index === agendaSections.length - 1}>
            {t('meeting.next')}
          </Button>
          <Button variant="subtle" color="gray" leftSection={<IconX size={18} />} onClick={onClose}>
            {t('meeting.end')}
          </Button>
        </Group>
      </div>
      <nav aria-label={t('meeting.agenda')}>
        <ol className="meeting-agenda">
          {agendaSections.map((s, n) => (
            <li key={s}>
              <button type="button" aria-current={n === index ? 'step' : undefined} onClick={() => setIndex(n)}>
                {n + 1}. {t(`section.${s}`)}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <main className="meeting-stage" aria-live="polite">
        <h2>{t(`section.${section}`)}</h2>
        <SectionReadout section={section} content={p.content} flags={p.flags} userName={p.userName} />
      </main>
    </div>
  )
}
