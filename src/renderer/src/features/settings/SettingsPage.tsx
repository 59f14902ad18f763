import { useEffect, useState } from 'react'
import { Button, Card, Group, SegmentedControl, Stack, Text, useMantineColorScheme } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { useNavigate, useSearchParams } from 'react-router'
import { getWorkspaceMeta } from '../../db/workspace'
import { SwitchWorkspaceDialog } from '../../session/SessionGate'
import { Guarded } from '../../session/Guarded'
import { usePermission } from '../../session/use-me'
import { OrganisationSettings } from './organisation/OrganisationSettings'
import { TerritoriesSettings } from './organisation/TerritoriesSettings'
import { usePreferences } from '../../app/preferences'
import { PageHeader } from '../../ui/PageHeader'
import { ProcessEditor } from './ProcessEditor'
import { HubSettings } from './HubSettings'
import { CurrencySettings } from '../currency/CurrencySettings'
import { AnalyticsSettingsCard } from '../analytics/AnalyticsSettingsCard'

export function SettingsPage(): React.ReactNode {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const { settings, setLanguage, setTheme, info } = usePreferences()
  const { setColorScheme } = useMantineColorScheme()
  const meta = useLiveQuery(getWorkspaceMeta, [])
  const [confirming, setConfirming] = useState(false)
  const importing = usePermission('data.import')
  // The header's "edits refused" warning opens the reasons.
  const [params] = useSearchParams()
  const show = params.get('show')
  useEffect(() => {
    if (show !== 'refused') return
    const timer = setTimeout(() => document.getElementById('refused')?.scrollIntoView({ block: 'start' }), 300)
    return () => clearTimeout(timer)
  }, [show])

  return (
    <div>
      <PageHeader title={t('settings.title')} />
      <Stack maw={640}>
        <Card withBorder>
          <Text fw={600} mb="sm">
            {t('settings.appearance')}
          </Text>
          <Stack gap="sm">
            <div>
              <Text size="sm" mb={4}>
                {t('language.label')}
              </Text>
              <SegmentedControl
                aria-label={t('language.label')}
                value={settings.language ?? 'system'}
                onChange={(v) => setLanguage(v === 'system' ? null : (v as 'zh-CN' | 'en-US'))}
                data={[
                  { value: 'system', label: t('language.system') },
                  { value: 'zh-CN', label: t('language.zh-CN') },
                  { value: 'en-US', label: t('language.en-US') }
                ]}
              />
            </div>
            <div>
              <Text size="sm" mb={4}>
                {t('theme.label')}
              </Text>
              <SegmentedControl
                aria-label={t('theme.label')}
                value={settings.theme}
                onChange={(v) => {
                  const th = v as 'light' | 'dark' | 'auto'
                  setTheme(th)
                  setColorScheme(th)
                }}
                data={[
                  { value: 'auto', label: t('theme.auto') },
                  { value: 'light', label: t('theme.light') },
                  { value: 'dark', label: t('theme.dark') }
                ]}
              />
            </div>
          </Stack>
        </Card>
        <Card withBorder>
          <Text fw={600} mb="xs">
            {t('settings.workspace')}
          </Text>
          {meta && <Text size="sm">{t('settings.current', { kind: t(`settings.workspaceKind.${meta.kind}`) })}</Text>}
          <Group mt="sm">
            <Button variant="light" disabled={!importing.allowed} title={importing.why} onClick={() => navigate('/import')}>
              {t('settings.importMore')}
            </Button>
            <Button variant="light" onClick={() => navigate('/data')}>
              {t('dataset:page.title')}
            </Button>
            <Button variant="outline" color="red" onClick={() => setConfirming(true)}>
              {t('session:menu.switchWorkspace')}
            </Button>
          </Group>
        </Card>
        <Guarded permission="data.import">
          <CurrencySettings />
        </Guarded>
        <HubSettings />
        <OrganisationSettings />
        <TerritoriesSettings />
        <Guarded permission="process.edit">
          <ProcessEditor />
        </Guarded>
        <Guarded permission="analytics.settings">
          <AnalyticsSettingsCard />
        </Guarded>
        <Card withBorder>
          <Text fw={600} mb="xs">
            {t('settings.about')}
          </Text>
          <Text size="sm">
            {info.name} · {t('settings.version', { version: info.version })} · {t(`settings.runtime.${info.runtime}`)}
          </Text>
        </Card>
      </Stack>
      <SwitchWorkspaceDialog opened={confirming} onClose={() => setConfirming(false)} />
    </div>
  )
}
