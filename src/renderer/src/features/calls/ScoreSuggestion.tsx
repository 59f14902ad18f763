import { Anchor, Badge, Group, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { ScorecardLink, ScorecardSuggestion } from '@shared/model/scorecard'
import type { ScorecardAnswer } from '@shared/domain/coaching'
import type { QuestionSuggestion } from '@shared/domain/scorecard-suggest'
import { formatClock } from '@shared/domain/transcripts'

/** Moment links shown per suggestion; a tracker heard forty times does not need forty links. */
const MAX_MOMENTS = 6

/** A rule's range in words: "rule 40–60", "rule ≥ 1", "rule ≤ 60". */
export function useRuleText(): (link: ScorecardLink) => string {
  const { t } = useTranslation('scorecardLinks')
  return (link) =>
    link.min !== undefined && link.max !== undefined
      ? t('rule.between', { min: link.min, max: link.max })
      : link.min !== undefined
        ? t('rule.atLeast', { min: link.min })
        : t('rule.atMost', { max: link.max })
}

/**
 * Under a linked question: the suggested answer, the evidence (the tracker's moments, which
 * play the call from there, or the figure's value) against the rule, and whether the coach
 * kept or overrode it. Or, when the call cannot give one, why not.
 */
export function ScoreSuggestion({
  questionId,
  link,
  suggestion,
  current,
  answerLabel,
  onSeek
}: {
  questionId: string
  link: ScorecardLink
  suggestion: QuestionSuggestion | ScorecardSuggestion | undefined
  current: ScorecardAnswer | undefined
  answerLabel: (a: ScorecardAnswer) => string
  onSeek: (atMs: number) => void
}): React.ReactNode {
  const { t } = useTranslation('scorecardLinks')
  const ruleText = useRuleText()
  if (!suggestion) return null
  if ('missing' in suggestion && suggestion.missing) {
    return (
      <Text size="xs" c="dimmed" data-testid={`suggestion-${questionId}`} data-missing={suggestion.missing}>
        {t(`missing.${suggestion.missing}`)}
      </Text>
    )
  }
  const s = suggestion as ScorecardSuggestion
  // Cleared or changed by the coach: either way, not the suggestion any more.
  const overridden = current !== s.answer
  const value =
    link.source === 'tracker'
      ? t('evidence.tracker', { word: link.word, count: s.value })
      : t('evidence.metric', { figure: t(`figure.${link.figure}`), value: t(`unit.${link.figure}`, { v: s.value }) })
  const moments = s.moments ?? []
  return (
    <Group
      gap={6}
      wrap="wrap"
      data-testid={`suggestion-${questionId}`}
      data-state={overridden ? 'overridden' : 'suggested'}
      data-verdict={s.verdict}
      data-answer={String(s.answer)}
    >
      <Badge size="xs" variant="light" color={s.verdict === 'pass' ? 'teal' : s.verdict === 'near' ? 'yellow' : 'red'}>
        {t('suggested', { answer: answerLabel(s.answer) })}
      </Badge>
      <Text size="xs" c="dimmed">
        {value} · {ruleText(link)} · {t(`verdict.${s.verdict}`)}
      </Text>
      {moments.slice(0, MAX_MOMENTS).map((ms) => (
        <Anchor
          key={ms}
          size="xs"
          component="button"
          type="button"
          onClick={() => onSeek(ms)}
          title={t('moment', { at: formatClock(ms) })}
          data-testid="suggestion-moment"
          data-at-ms={ms}
        >
          ▶ {formatClock(ms)}
        </Anchor>
      ))}
      {moments.length > MAX_MOMENTS && (
        <Text size="xs" c="dimmed">
          +{moments.length - MAX_MOMENTS}
        </Text>
      )}
      <Text size="xs" c={overridden ? 'orange' : 'blue'} fw={500}>
        {overridden
          ? `${t('coach', { answer: current === undefined ? '—' : answerLabel(current) })} · ${t('state.overridden')}`
          : t('state.suggested')}
      </Text>
    </Group>
  )
}
