import { lazy, Suspense, type ComponentType } from 'react'
import { Skeleton, Stack } from '@mantine/core'

/**
 * The sections other than the cockpit home, each in its own chunk (issue 19: opening the app
 * parsed and ran every section's code, charts and editors included, before the home could
 * paint). Each import is kept so `prefetchSections` can load the chunks once the home is on
 * screen: a first visit then finds its code already there.
 */
const loaders = {
  pipeline: () => import('../features/pipeline/PipelinePage'),
  deal: () => import('../features/pipeline/DealPage'),
  customers: () => import('../features/customers/CustomersPage'),
  customer: () => import('../features/customers/CustomerPage'),
  rep: () => import('../features/people/RepPage'),
  warRoom: () => import('../features/war-room/WarRoomPage'),
  calls: () => import('../features/calls/CallsPage'),
  rhythm: () => import('../features/rhythm/RhythmPage'),
  hiring: () => import('../features/hiring/HiringPage'),
  candidate: () => import('../features/hiring/CandidatePage'),
  analytics: () => import('../features/analytics/AnalyticsPage'),
  collections: () => import('../features/collections/CollectionsPage'),
  contract: () => import('../features/collections/ContractPage'),
  settings: () => import('../features/settings/SettingsPage'),
  data: () => import('../features/dataset/DataPage'),
  import: () => import('../features/import/ImportPage')
}

/** The section's component, showing a skeleton (not a blank area) while its code loads. */
function section<K extends keyof typeof loaders, N extends string>(key: K, name: N): ComponentType<Record<string, unknown>> {
  const Lazy = lazy<ComponentType<Record<string, unknown>>>(async () => {
    const m = (await loaders[key]()) as unknown as Record<N, ComponentType<Record<string, unknown>>>
    return { default: m[name] }
  })
  function Section(props: Record<string, unknown>): React.ReactNode {
    return (
      <Suspense fallback={<SectionSkeleton />}>
        <Lazy {...props} />
      </Suspense>
    )
  }
  Section.displayName = name
  return Section
}

export const PipelinePage = section('pipeline', 'PipelinePage') as ComponentType
export const DealPage = section('deal', 'DealPage') as ComponentType
export const CustomersPage = section('customers', 'CustomersPage') as ComponentType
export const CustomerPage = section('customer', 'CustomerPage') as ComponentType
export const RepPage = section('rep', 'RepPage') as ComponentType
export const WarRoomPage = section('warRoom', 'WarRoomPage') as ComponentType<{ view?: 'sheet' | 'print' | 'account' }>
export const CallsPage = section('calls', 'CallsPage') as ComponentType
export const RhythmPage = section('rhythm', 'RhythmPage') as ComponentType
export const HiringPage = section('hiring', 'HiringPage') as ComponentType
export const CandidatePage = section('candidate', 'CandidatePage') as ComponentType
export const AnalyticsPage = section('analytics', 'AnalyticsPage') as ComponentType
export const CollectionsPage = section('collections', 'CollectionsPage') as ComponentType
export const ContractPage = section('contract', 'ContractPage') as ComponentType
export const SettingsPage = section('settings', 'SettingsPage') as ComponentType
export const DataPage = section('data', 'DataPage') as ComponentType
export const ImportPage = section('import', 'ImportPage') as ComponentType

/** The main sections first (the sidebar's order), then the detail pages. */
const PREFETCH_ORDER: (keyof typeof loaders)[] = ['pipeline', 'customers', 'calls', 'rhythm', 'analytics', 'warRoom', 'collections', 'deal', 'customer', 'rep', 'hiring', 'settings', 'contract', 'candidate', 'data', 'import']

/**
 * Loads every section's chunk, one after another (a module's evaluation is work on the page's
 * thread: one at a time leaves room for a click in between). A failed load is left to the visit.
 */
export async function prefetchSections(): Promise<void> {
  for (const key of PREFETCH_ORDER) await loaders[key]().catch(() => undefined)
}

/** What a section shows while its code loads: the shape of a page, never a blank area. */
export function SectionSkeleton(): React.ReactNode {
  return (
    <Stack gap="md" aria-busy="true" data-testid="section-skeleton">
      <Skeleton height={32} width="30%" />
      <Skeleton height={84} />
      <Skeleton height={260} />
    </Stack>
  )
}
