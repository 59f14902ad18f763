import { useRef, useState } from 'react'
import { Badge, Group, Stack, Text, Tooltip } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { flagsOf, type HealthFinding, type HealthFlag } from '@shared/domain/deal-health'
import { healthStyle } from './health'
import './board.css'

/** One sentence per finding, with its numbers, in the reader's language. */
export function useExplain(): (f: HealthFinding) => string {
  const { t } = useTranslation('pipeline')
  return (f) => {
    if (f.code !== 'abandon.rules') return t(`why.${f.code}`, f.params)
    // The rule's reasons arrive as codes ("pushes,noTouch"): say each one in words.
    const reasons = String(f.params.reasons ?? '')
      .split(',')
      .filter(Boolean)
      .map((r) => t(`why.abandon.reasons.${r}`))
    return t('why.abandon.rules', { ...f.params, why: reasons.join(t('why.abandon.separator')) })
  }
}

/**
 * Health badges, worst first, each with a tooltip that says why. `compact` shows icons only
 * (board cards); the label is then in the tooltip and the accessible name.
 */
export function HealthBadges({
  findings,
  compact = false
}: {
  findings: readonly HealthFinding[]
  compact?: boolean
}): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const explain = useExplain()
  if (findings.length === 0) return null
  const flags = flagsOf(findings)
  // Three or more labels do not fit a card: icons then, with the label in the tooltip.
  const iconsOnly = compact || flags.length > 2
  return (
    <Group gap={4} wrap="nowrap">
      {flags.map((flag) => (
        <FlagBadge
          key={flag}
          flag={flag}
          label={t(`flags.${flag}`)}
          lines={findings.filter((f) => f.flag === flag).map(explain)}
          iconsOnly={iconsOnly}
        />
      ))}
    </Group>
  )
}

/**
 * The tooltip mounts only while the badge is hovered or focused, on an invisible stand-in over
 * the badge: a board shows a hundred badges, and a Tooltip each was a fifth of its first paint.
 */
function FlagBadge({
  flag,
  label,
  lines,
  iconsOnly
}: {
  flag: HealthFlag
  label: string
  lines: string[]
  iconsOnly: boolean
}): React.ReactNode {
  const [hot, setHot] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  const { color, icon: Icon } = healthStyle[flag]
  const enter = (): void => {
    clearTimeout(timer.current)
    timer.current = setTimeout(() => setHot(true), 150)
  }
  const leave = (): void => {
    clearTimeout(timer.current)
    setHot(false)
  }
  return (
    <span
      style={{ position: 'relative', display: 'inline-flex' }}
      onMouseEnter={enter}
      onMouseLeave={leave}
      onFocus={enter}
      onBlur={leave}
    >
      <Badge
        size="sm"
        radius="sm"
        color={color}
        variant="light"
        px={iconsOnly ? 4 : undefined}
        tt="none"
        style={{ flexShrink: 0, overflow: 'visible' }}
        leftSection={<Icon size={12} stroke={2} />}
        styles={iconsOnly ? { section: { marginInlineEnd: 0 } } : undefined}
        aria-label={`${label}: ${lines.join('；')}`}
        data-flag={flag}
      >
        {iconsOnly ? null : label}
      </Badge>
      {hot && (
        <Tooltip
          opened
          multiline
          w={300}
          withArrow
          label={
            <Stack gap={2}>
              <Text size="xs" fw={700}>
                {label}
              </Text>
              {lines.map((l, i) => (
                <Text key={i} size="xs">
                  {l}
                </Text>
              ))}
            </Stack>
          }
        >
          <span className="pb-anchor" />
        </Tooltip>
      )}
    </span>
  )
}
