import {
  IconGauge,
  IconFilter,
  IconBuildingSkyscraper,
  IconSwords,
  IconHeadphones,
  IconRun,
  IconChartBar,
  IconCash,
  IconSettings,
  IconUserPlus
} from '@tabler/icons-react'

/** The app's sections, in navigation order; the native menu uses the same ids. */
export const sections = [
  { id: 'cockpit', path: '/', icon: IconGauge },
  { id: 'pipeline', path: '/pipeline', icon: IconFilter },
  { id: 'customers', path: '/customers', icon: IconBuildingSkyscraper },
  { id: 'warRoom', path: '/war-room', icon: IconSwords },
  { id: 'calls', path: '/calls', icon: IconHeadphones },
  { id: 'rhythm', path: '/rhythm', icon: IconRun },
  { id: 'collections', path: '/collections', icon: IconCash },
  { id: 'analytics', path: '/analytics', icon: IconChartBar },
  { id: 'hiring', path: '/hiring', icon: IconUserPlus },
  { id: 'settings', path: '/settings', icon: IconSettings }
] as const

export type SectionId = (typeof sections)[number]['id']
