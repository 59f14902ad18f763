import { useCallback, useEffect, useState } from 'react'
import { Alert, Button, Group, List, Progress, Text, TextInput } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { SttStatus } from '@shared/ipc/recordings'
import { bridge } from '../../bridge'
import { errorText } from './errors'
import { useRuntime } from './use-runtime'

/** The local speech-to-text engine's state, and a way to change it that keeps it current. */
export function useSttStatus(): { status: SttStatus | null; update: (next: Promise<SttStatus>) => Promise<void>; error: string | null } {
  const { t } = useTranslation('calls')
  const [status, setStatus] = useState<SttStatus | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    void bridge
      .invoke('stt.status', {})
      .then((s) => live && setStatus(s))
      .catch(() => live && setStatus({ state: 'none' }))
    return () => {
      live = false
    }
  }, [])
  const update = useCallback(
    async (next: Promise<SttStatus>) => {
      setError(null)
      try {
        setStatus(await next)
      } catch (e) {
        setError(errorText(t, e))
      }
    },
    [t]
  )
  return { status, update, error }
}

/**
 * Setting up local speech-to-text: by default none is installed, and the page says so and how
 * to add one — a sherpa-onnx model pack folder (whisper, paraformer or SenseVoice) the user has
 * downloaded. The app chooses the folder in the native dialog; the browser harness types the path.
 */
export function SttSetup({ stt }: { stt: ReturnType<typeof useSttStatus> }): React.ReactNode {
  const { t } = useTranslation('calls')
  const runtime = useRuntime()
  const [dir, setDir] = useState('')
  const [busy, setBusy] = useState(false)
  const { status, update, error } = stt
  if (!status) return null
  const apply = async (p: Promise<SttStatus>): Promise<void> => {
    setBusy(true)
    await update(p)
    setBusy(false)
  }
  const choose =
    runtime === 'electron' ? (
      <Button size="xs" variant="light" loading={busy} data-testid="stt-choose" onClick={() => void apply(bridge.invoke('stt.chooseModelDir', {}).then((r) => r.status))}>
        {t('stt.choose')}
      </Button>
    ) : (
      <Group gap="xs" align="end" wrap="nowrap">
        <TextInput size="xs" w={360} label={t('stt.folder')} placeholder={t('stt.folderPlaceholder')} value={dir} onChange={(e) => setDir(e.currentTarget.value)} data-testid="stt-folder" />
        <Button size="xs" variant="light" loading={busy} disabled={!dir.trim()} data-testid="stt-use" onClick={() => void apply(bridge.invoke('stt.setModelDir', { dir: dir.trim() }))}>
          {t('stt.use')}
        </Button>
      </Group>
    )
  return (
    <Alert color={status.state === 'error' || error ? 'red' : status.state === 'ready' ? 'teal' : 'gray'} py="xs" data-testid="stt-status" data-state={status.state}>
      {status.state === 'ready' ? (
        <Group justify="space-between" gap="xs">
          <Text size="sm">{t('stt.ready', { kind: t(`stt.kind.${status.kind}`, { defaultValue: status.kind }), dir: status.dir })}</Text>
          <Button size="compact-xs" variant="subtle" color="gray" onClick={() => void apply(bridge.invoke('stt.clear', {}))}>
            {t('stt.remove')}
          </Button>
        </Group>
      ) : (
        <>
          <Text size="sm" fw={600}>
            {status.state === 'none' ? t('stt.none') : t('stt.broken', { dir: status.dir })}
          </Text>
          {status.state === 'error' && (
            <Text size="sm">{t(`errors.${status.code}`, { ...status.params, defaultValue: t('errors.generic', { message: status.code }) })}</Text>
          )}
          <Text size="xs" c="dimmed" mb={4}>
            {t('stt.howTo')}
          </Text>
          <RecommendedPacks />
          {choose}
        </>
      )}
      {error && (
        <Text size="sm" c="red" mt={4} data-testid="stt-error">
          {error}
        </Text>
      )}
    </Alert>
  )
}

/**
 * The model packs we recommend per call language (sherpa-onnx release names, so they can be
 * found and downloaded as they are): SenseVoice for Chinese (also handles mixed zh/en), Whisper
 * base.en for English.
 */
export const RECOMMENDED_PACKS = {
  zh: 'sherpa-onnx-sense-voice-zh-en-ja-ko-yue-2024-07-17',
  en: 'sherpa-onnx-whisper-base.en'
} as const

function RecommendedPacks(): React.ReactNode {
  const { t } = useTranslation('calls')
  return (
    <List size="xs" mb={6} data-testid="stt-recommended">
      {(['zh', 'en'] as const).map((lang) => (
        <List.Item key={lang} data-testid={`stt-recommended-${lang}`}>
          {t(`stt.recommended.${lang}`)} <code>{RECOMMENDED_PACKS[lang]}</code>
        </List.Item>
      ))}
    </List>
  )
}

/** A transcription under way: how far it is (polled from main), and a way to stop it. */
export function SttRunning({ sha256 }: { sha256: string }): React.ReactNode {
  const { t } = useTranslation('calls')
  const [p, setP] = useState<{ done: number; total: number; lines: number } | null>(null)
  const [stopping, setStopping] = useState(false)
  useEffect(() => {
    let live = true
    const tick = (): void => {
      void bridge
        .invoke('stt.progress', { sha256 })
        .then((r) => live && setP(r.progress))
        .catch(() => undefined)
    }
    tick()
    const timer = setInterval(tick, 500)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [sha256])
  const percent = p && p.total > 0 ? Math.round((p.done / p.total) * 100) : 0
  return (
    <Group gap="xs" wrap="nowrap" data-testid="stt-progress" data-done={p?.done ?? 0} data-total={p?.total ?? 0}>
      <Progress value={percent} w={140} size="sm" animated />
      <Text size="xs" className="tabular">
        {p ? t('stt.progress', { percent, done: p.done, total: p.total, lines: p.lines }) : t('stt.starting')}
      </Text>
      <Button
        size="compact-xs"
        variant="default"
        loading={stopping}
        onClick={() => {
          setStopping(true)
          void bridge.invoke('stt.cancel', { sha256 }).catch(() => setStopping(false))
        }}
        data-testid="stt-cancel"
      >
        {t('stt.cancel')}
      </Button>
    </Group>
  )
}
