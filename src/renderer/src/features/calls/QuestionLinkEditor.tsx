import { Group, NumberInput, Select, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { LINK_FIGURES, type ScorecardLink } from '@shared/model/scorecard'

const TRACKER = 'tracker:'
const METRIC = 'metric:'

/** A range a new link starts with: what a coach would most often want for that figure. */
const DEFAULT_RANGE: Record<(typeof LINK_FIGURES)[number], Pick<ScorecardLink, 'min' | 'max'>> = {
  talkRatio: { min: 40, max: 60 },
  longestRepMonologueMs: { max: 90 },
  switchesPerMinute: { min: 2 },
  patienceMs: { min: 0.6 },
  questionsPerHour: { min: 20 },
  fillersPerHour: { max: 30 }
}

/**
 * One question's pre-fill link in the template editor: a keyword tracker (mentions) or a
 * conversation figure, and the range that passes, in the units the scorecard shows.
 */
export function QuestionLinkEditor({
  link,
  trackers,
  onChange
}: {
  link: ScorecardLink | undefined
  trackers: readonly string[]
  onChange: (link: ScorecardLink | undefined) => void
}): React.ReactNode {
  const { t } = useTranslation('scorecardLinks')
  // A tracker word removed since the link was made still shows, so the link is not lost silently.
  const words = link?.source === 'tracker' && !trackers.includes(link.word) ? [...trackers, link.word] : trackers
  const value = !link ? 'none' : link.source === 'tracker' ? TRACKER + link.word : METRIC + link.figure
  const pick = (v: string | null): void => {
    if (!v || v === 'none') return onChange(undefined)
    if (v.startsWith(TRACKER))
      return onChange({ source: 'tracker', word: v.slice(TRACKER.length), min: link?.source === 'tracker' ? link.min : 1 })
    const figure = v.slice(METRIC.length) as (typeof LINK_FIGURES)[number]
    onChange({ source: 'metric', figure, ...DEFAULT_RANGE[figure] })
  }
  const bound = (key: 'min' | 'max', v: string | number): void => {
    if (!link) return
    const next = { ...link }
    if (v === '' || !Number.isFinite(Number(v))) delete next[key]
    else next[key] = Number(v)
    onChange(next)
  }
  return (
    <Group gap="xs" pl="md" wrap="nowrap" data-testid="question-link">
      <Text size="xs" c="dimmed" w={90}>
        {t('editor.link')}
      </Text>
      <Select
        size="xs"
        w={260}
        value={value}
        onChange={pick}
        allowDeselect={false}
        data={[
          { value: 'none', label: t('editor.none') },
          { group: t('editor.figures'), items: LINK_FIGURES.map((f) => ({ value: METRIC + f, label: t(`figure.${f}`) })) },
          ...(words.length
            ? [
                {
                  group: t('editor.trackers'),
                  items: words.map((w) => ({ value: TRACKER + w, label: t('editor.tracker', { word: w }) }))
                }
              ]
            : [])
        ]}
        data-testid="question-link-source"
      />
      {link && (
        <>
          <NumberInput
            size="xs"
            w={90}
            min={0}
            decimalScale={1}
            placeholder={t('editor.min')}
            aria-label={t('editor.min')}
            value={link.min ?? ''}
            onChange={(v) => bound('min', v)}
            data-testid="question-link-min"
          />
          <Text size="xs">–</Text>
          <NumberInput
            size="xs"
            w={90}
            min={0}
            decimalScale={1}
            placeholder={t('editor.max')}
            aria-label={t('editor.max')}
            value={link.max ?? ''}
            onChange={(v) => bound('max', v)}
            data-testid="question-link-max"
          />
          <Text size="xs" c="dimmed">
            {link.source === 'tracker' ? t('unit.tracker', { v: '' }).trim() : t(`unit.${link.figure}`, { v: '' }).trim()}
          </Text>
        </>
      )}
    </Group>
  )
}
