import { useCallback, useEffect, useState } from 'react'
import { Alert, Button, Group, Text, TextInput } from '@mantine/core'
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
          <Text size="xs" c="dimmed" mb={6}>
            {t('stt.howTo')}
          </Text>
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
