import { useEffect } from 'react'
import { ActionIcon, AppShell, Group, Menu, NavLink, Text, Tooltip, UnstyledButton, Kbd, useMantineColorScheme, useComputedColorScheme } from '@mantine/core'
import { spotlight } from '@mantine/spotlight'
import { useTranslation } from 'react-i18next'
import { Link, Route, Routes, useLocation, useNavigate } from 'react-router'
import { IconLanguage, IconMoon, IconSearch, IconSun } from '@tabler/icons-react'
import { bridge } from '../bridge'
import { sections } from './sections'
import { ScopePicker } from './ScopePicker'
import { CommandPalette } from './CommandPalette'
import { usePreferences } from './preferences'
import { CockpitHome } from '../features/cockpit/CockpitHome'
// Every section but the home loads its code on first visit (or once the home has painted).
import {
  PipelinePage,
  DealPage,
  CustomersPage,
  CustomerPage,
  RepPage,
  WarRoomPage,
  CallsPage,
  RhythmPage,
  HiringPage,
  CandidatePage,
  AnalyticsPage,
  CollectionsPage,
  ContractPage,
  SettingsPage,
  DataPage,
  ImportPage
} from './lazy-sections'
import { SyncStatusBadge } from '../features/settings/SyncStatusBadge'
import { AutoSnapshotEffect } from '../features/pipeline/AutoSnapshotEffect'
import { UserMenu } from '../session/UserMenu'
import { PrewarmSections } from './PrewarmSections'

/** Native menu → page: navigation and the palette. */
function MenuNavigationEffect(): null {
  const navigate = useNavigate()
  useEffect(() => {
    if (!bridge.available) return
    return bridge.on('menu.command', (cmd) => {
      if (cmd.command === 'navigate') {
        const s = sections.find((x) => x.id === cmd.section)
        if (s) navigate(s.path)
        else if (cmd.section === 'import') navigate('/import')
      }
      if (cmd.command === 'palette') spotlight.open()
    })
  }, [navigate])
  return null
}

function isActive(path: string, pathname: string): boolean {
  if (path === '/') return pathname === '/'
  return pathname === path || pathname.startsWith(`${path}/`)
}

export function Shell(): React.ReactNode {
  const { t } = useTranslation()
  const { pathname } = useLocation()
  const { language, setLanguage } = usePreferences()
  const { setColorScheme } = useMantineColorScheme()
  const computed = useComputedColorScheme('light')
  const { setTheme } = usePreferences()

  return (
    <AppShell header={{ height: 48 }} navbar={{ width: 184, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Text fw={700} size="md" c="blue.7">
              {t('app.name')}
            </Text>
            <ScopePicker />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <SyncStatusBadge />
            <UnstyledButton onClick={() => spotlight.open()} aria-label={t('search.open')}>
              <Group gap={6} px="sm" py={4} style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 4 }}>
                <IconSearch size={16} />
                <Text size="sm" c="dimmed" w={180} truncate>
                  {t('search.placeholder')}
                </Text>
                <Kbd size="xs">{t('search.shortcut')}</Kbd>
              </Group>
            </UnstyledButton>
            <Menu position="bottom-end">
              <Menu.Target>
                <ActionIcon variant="subtle" aria-label={t('language.label')}>
                  <IconLanguage size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => setLanguage('zh-CN')} fw={language === 'zh-CN' ? 700 : undefined}>
                  {t('language.zh-CN')}
                </Menu.Item>
                <Menu.Item onClick={() => setLanguage('en-US')} fw={language === 'en-US' ? 700 : undefined}>
                  {t('language.en-US')}
                </Menu.Item>
                <Menu.Item onClick={() => setLanguage(null)}>{t('language.system')}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
            <UserMenu />
            <Tooltip label={t('theme.toggle')}>
              <ActionIcon
                variant="subtle"
                aria-label={t('theme.toggle')}
                onClick={() => {
                  const next = computed === 'dark' ? 'light' : 'dark'
                  setColorScheme(next)
                  setTheme(next)
                }}
              >
                {computed === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p={6} aria-label={t('nav.main')} component="nav">
        {sections.map((s) => (
          <NavLink
            key={s.id}
            component={Link}
            to={s.path}
            label={t(`nav.${s.id}`)}
            leftSection={<s.icon size={18} stroke={1.6} />}
            active={isActive(s.path, pathname)}
            aria-current={isActive(s.path, pathname) ? 'page' : undefined}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Routes>
          <Route path="/" element={<CockpitHome />} />
          <Route path="/pipeline" element={<PipelinePage />} />
          <Route path="/deals/:id" element={<DealPage />} />
          <Route path="/customers" element={<CustomersPage />} />
          <Route path="/customers/:id" element={<CustomerPage />} />
          <Route path="/reps/:id" element={<RepPage />} />
          <Route path="/war-room" element={<WarRoomPage />} />
          <Route path="/war-room/:dealId" element={<WarRoomPage />} />
          <Route path="/war-room/:dealId/print" element={<WarRoomPage view="print" />} />
          <Route path="/war-room/account/:customerId" element={<WarRoomPage view="account" />} />
          <Route path="/calls" element={<CallsPage />} />
          <Route path="/rhythm" element={<RhythmPage />} />
          <Route path="/collections" element={<CollectionsPage />} />
          <Route path="/collections/contracts/:id" element={<ContractPage />} />
          <Route path="/analytics" element={<AnalyticsPage />} />
          <Route path="/hiring" element={<HiringPage />} />
          <Route path="/hiring/:id" element={<CandidatePage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="/import" element={<ImportPage />} />
          <Route path="/data" element={<DataPage />} />
          <Route path="*" element={<CockpitHome />} />
        </Routes>
      </AppShell.Main>
      <CommandPalette />
      <MenuNavigationEffect />
      {/* Forecast snapshots whenever the app is open, not only on the pipeline page; idle-scheduled. */}
      <AutoSnapshotEffect />
      <PrewarmSections />
    </AppShell>
  )
}
