import { useEffect, useState } from 'react'
import { Group, Loader, Progress, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { ParseProgress } from '@shared/ipc/io'
import { bridge } from '../../bridge'

/**
 * While main's worker reads the file: how far it has got (`io.parseProgress`), so a
 * 100,000-row export shows a bar instead of a spinner that might as well be stuck.
 */
export function ReadingProgress({
  fileName,
  queue
}: {
  fileName: string
  /** Several files chosen together: which one this is (1-based) and its size. */
  queue?: { index: number; total: number; bytes: number }
}): React.ReactNode {
  const { t } = useTranslation('import')
  const [progress, setProgress] = useState<ParseProgress | null>(null)
  useEffect(() => {
    setProgress(null)
    if (!bridge.available) return
    return bridge.on('io.parseProgress', (e) => {
      if (e.fileName === fileName) setProgress(e)
    })
  }, [fileName])
  const percent = progress && progress.total > 0 ? Math.min(100, Math.floor((progress.done / progress.total) * 100)) : null
  return (
    <Stack gap={4} role="status">
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm">
          {queue
            ? t('file.readingOf', { name: fileName, n: queue.index, total: queue.total, mb: (queue.bytes / 1024 / 1024).toFixed(1) })
            : t('file.reading', { name: fileName })}
        </Text>
      </Group>
      {queue && <Progress value={((queue.index - 1) / queue.total) * 100} size="sm" aria-label={t('file.readingProgress')} />}
      {progress && percent !== null && progress.phase !== 'reading' && (
        <>
          <Progress value={percent} size="sm" aria-label={t('file.progress')} />
          <Text size="xs" c="dimmed">
            {t(`file.phase.${progress.phase}`, { percent })}
          </Text>
        </>
      )}
    </Stack>
  )
}
