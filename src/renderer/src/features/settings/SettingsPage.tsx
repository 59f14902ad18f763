import { useState } from 'react'
import { Button, Card, Group, Modal, SegmentedControl, Stack, Text, useMantineColorScheme } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { closeWorkspace, getWorkspaceMeta } from '../../db/workspace'
import { usePreferences } from '../../app/preferences'
import { PageHeader } from '../../ui/PageHeader'
import { ProcessEditor } from './ProcessEditor'
import { HubSettings } from './HubSettings'
import { AnalyticsSettingsCard } from '../analytics/AnalyticsSettingsCard'

export function SettingsPage(): React.ReactNode {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const { settings, setLanguage, setTheme, info } = usePreferences()
  const { setColorScheme } = useMantineColorScheme()
  const meta = useLiveQuery(getWorkspaceMeta, [])
  const [confirming, setConfirming] = useState(false)

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
            <Button variant="light" onClick={() => navigate('/import')}>
              {t('settings.importMore')}
            </Button>
            <Button variant="outline" color="red" onClick={() => setConfirming(true)}>
              {t('settings.close')}
            </Button>
          </Group>
        </Card>
        <ProcessEditor />
        <AnalyticsSettingsCard />
        <HubSettings />
        <Card withBorder>
          <Text fw={600} mb="xs">
            {t('settings.about')}
          </Text>
          <Text size="sm">
            {info.name} · {t('settings.version', { version: info.version })} · {t(`settings.runtime.${info.runtime}`)}
          </Text>
        </Card>
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('settings.closeConfirmTitle')}>
        <Text size="sm">{t('settings.closeConfirm')}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setConfirming(false)}>
            {t('settings.cancel')}
          </Button>
          <Button
            color="red"
            onClick={() => {
              setConfirming(false)
              navigate('/')
              void closeWorkspace()
            }}
          >
            {t('settings.confirm')}
          </Button>
        </Group>
      </Modal>
    </div>
  )
}
