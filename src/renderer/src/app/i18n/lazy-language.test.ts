import { describe, expect, it } from 'vitest'
import { createI18n, ensureLanguage } from './index'

describe('only the shown language is set up at start (issue 19)', () => {
  it('starts with one language and speaks the other once it is added on switching', async () => {
    const i18n = createI18n('zh-CN')
    expect(i18n.t('app.name')).toBe('销售驾驶舱')
    expect(i18n.hasResourceBundle('en-US', 'common')).toBe(false)
    ensureLanguage(i18n, 'en-US')
    await i18n.changeLanguage('en-US')
    expect(i18n.t('app.name')).toBe('Sales Cockpit')
    expect(i18n.t('metrics:agenda.title')).not.toBe('agenda.title')
    // And back: the first language is still there.
    ensureLanguage(i18n, 'zh-CN')
    await i18n.changeLanguage('zh-CN')
    expect(i18n.t('app.name')).toBe('销售驾驶舱')
  })
})
