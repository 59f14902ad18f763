import {
  IconAlertTriangle,
  IconBolt,
  IconCalendarRepeat,
  IconDoorExit,
  IconHourglassHigh,
  IconSparkles
} from '@tabler/icons-react'
import type { HealthFlag } from '@shared/domain/deal-health'

/**
 * The one colour language for deal health (PRODUCT.md §4): every view that shows a flag takes
 * its colour and icon from here, so "orange hourglass" means stalled everywhere.
 */
export const healthStyle: Record<HealthFlag, { color: string; icon: typeof IconBolt }> = {
  abandon: { color: 'dark', icon: IconDoorExit },
  at_risk: { color: 'red', icon: IconAlertTriangle },
  stalled: { color: 'orange', icon: IconHourglassHigh },
  rushed: { color: 'yellow', icon: IconBolt },
  pushed: { color: 'grape', icon: IconCalendarRepeat },
  inflow: { color: 'teal', icon: IconSparkles }
}
