import type { MenuItemConstructorOptions } from 'electron'
import type { Language, MenuCommand, Settings } from '../shared/ipc/app'

/**
 * The native application menu, as a pure template builder: index.ts turns it into a `Menu`
 * and rebuilds it when the language setting changes. Main has no i18next, so the few labels
 * live in the table below; roles (copy, paste…) get our label too, because Electron's own
 * role labels are English on Windows and Linux.
 */

/** Sections the View menu navigates to: the ids of `src/renderer/src/app/sections.ts`, in its order. */
export const MENU_SECTIONS = [
  'cockpit',
  'pipeline',
  'customers',
  'warRoom',
  'calls',
  'rhythm',
  'collections',
  'analytics',
  'hiring',
  'settings'
] as const
export type MenuSection = (typeof MENU_SECTIONS)[number]

/** The import wizard is a route too, so File › Import… is a navigation. */
export const IMPORT_SECTION = 'import'

type LabelKey =
  | 'file'
  | 'import'
  | 'quit'
  | 'edit'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'view'
  | MenuSection
  | 'palette'
  | 'language'
  | 'theme'
  | 'themeLight'
  | 'themeDark'
  | 'themeAuto'
  | 'reload'
  | 'forceReload'
  | 'devTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'fullScreen'
  | 'window'
  | 'minimize'
  | 'zoom'
  | 'close'
  | 'front'
  | 'help'
  | 'about'
  | 'openLogs'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'preferences'

export const MENU_LABELS: Record<Language, Record<LabelKey, string>> = {
  'zh-CN': {
    file: '文件',
    import: '导入…',
    quit: '退出',
    edit: '编辑',
    undo: '撤销',
    redo: '重做',
    cut: '剪切',
    copy: '复制',
    paste: '粘贴',
    pasteAndMatchStyle: '粘贴并匹配样式',
    delete: '删除',
    selectAll: '全选',
    view: '视图',
    cockpit: '驾驶舱',
    pipeline: '销售漏斗',
    customers: '客户',
    warRoom: '大单作战室',
    calls: '通话录音',
    rhythm: '铁军节奏',
    collections: '回款',
    analytics: '数据分析',
    hiring: '招聘',
    settings: '设置',
    palette: '命令面板…',
    language: '语言',
    theme: '主题',
    themeLight: '浅色',
    themeDark: '深色',
    themeAuto: '跟随系统',
    reload: '重新加载',
    forceReload: '强制重新加载',
    devTools: '开发者工具',
    resetZoom: '实际大小',
    zoomIn: '放大',
    zoomOut: '缩小',
    fullScreen: '切换全屏',
    window: '窗口',
    minimize: '最小化',
    zoom: '缩放',
    close: '关闭窗口',
    front: '全部置于顶层',
    help: '帮助',
    about: '关于销售驾驶舱',
    openLogs: '打开日志文件夹',
    services: '服务',
    hide: '隐藏销售驾驶舱',
    hideOthers: '隐藏其他',
    unhide: '全部显示',
    preferences: '设置…'
  },
  'en-US': {
    file: 'File',
    import: 'Import…',
    quit: 'Quit',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    pasteAndMatchStyle: 'Paste and Match Style',
    delete: 'Delete',
    selectAll: 'Select All',
    view: 'View',
    cockpit: 'Cockpit',
    pipeline: 'Pipeline',
    customers: 'Customers',
    warRoom: 'War room',
    calls: 'Calls',
    rhythm: 'Team rhythm',
    collections: 'Collections',
    analytics: 'Analytics',
    hiring: 'Hiring',
    settings: 'Settings',
    palette: 'Command Palette…',
    language: 'Language',
    theme: 'Theme',
    themeLight: 'Light',
    themeDark: 'Dark',
    themeAuto: 'Follow System',
    reload: 'Reload',
    forceReload: 'Force Reload',
    devTools: 'Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    fullScreen: 'Toggle Full Screen',
    window: 'Window',
    minimize: 'Minimize',
    zoom: 'Zoom',
    close: 'Close Window',
    front: 'Bring All to Front',
    help: 'Help',
    about: 'About Sales Cockpit',
    openLogs: 'Open Log Folder',
    services: 'Services',
    hide: 'Hide Sales Cockpit',
    hideOthers: 'Hide Others',
    unhide: 'Show All',
    preferences: 'Settings…'
  }
}

/** Each language is shown in its own script, so a user who picked the wrong one can find the way back. */
const LANGUAGE_NAMES: Record<Language, string> = { 'zh-CN': '简体中文', 'en-US': 'English' }

/**
 * The language the menu (and, by default, the page) uses: the saved choice, else the first
 * system language; any Chinese variant (zh, zh-TW, zh-Hans-CN) gets zh-CN, the only Chinese
 * we ship, and everything else English.
 */
export function resolveLanguage(setting: Language | null | undefined, systemLanguages: readonly string[]): Language {
  if (setting) return setting
  const first = systemLanguages[0] ?? ''
  return first.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US'
}

export interface MenuOptions {
  language: Language
  theme: Settings['theme']
  platform: NodeJS.Platform
  /** Reload and DevTools only exist in development builds. */
  isDev: boolean
  /** Deliver a command to the page of the focused window. */
  send: (command: MenuCommand) => void
  openLogFolder: () => void
}

/** Accelerators: sections in menu order on ⌘/Ctrl+1…7, settings on the platform's ⌘/Ctrl+, */
function sectionAccelerator(section: MenuSection, index: number): string {
  return section === 'settings' ? 'CmdOrCtrl+,' : `CmdOrCtrl+${index + 1}`
}

export function buildMenuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const L = MENU_LABELS[o.language]
  const mac = o.platform === 'darwin'
  // A fresh object each time: the same options object must not stand for two menu items.
  const sep = (): MenuItemConstructorOptions => ({ type: 'separator' })
  const navigate = (section: string) => () => o.send({ command: 'navigate', section })

  const appMenu: MenuItemConstructorOptions = {
    // macOS shows the bundle name here whatever the label says; the label only matters in tests.
    label: 'Sales Cockpit',
    submenu: [
      { role: 'about', label: L.about },
      sep(),
      { id: 'preferences', label: L.preferences, accelerator: 'Cmd+,', click: navigate('settings') },
      sep(),
      { role: 'services', label: L.services },
      sep(),
      { role: 'hide', label: L.hide },
      { role: 'hideOthers', label: L.hideOthers },
      { role: 'unhide', label: L.unhide },
      sep(),
      { role: 'quit', label: L.quit }
    ]
  }

  const fileMenu: MenuItemConstructorOptions = {
    id: 'file',
    label: L.file,
    submenu: [
      { id: 'import', label: L.import, accelerator: 'CmdOrCtrl+O', click: navigate(IMPORT_SECTION) },
      // On macOS Quit lives in the app menu; a second one here would be un-Mac-like.
      ...(mac ? [] : [sep(), { role: 'quit', label: L.quit, accelerator: 'Ctrl+Q' } satisfies MenuItemConstructorOptions])
    ]
  }

  const editMenu: MenuItemConstructorOptions = {
    id: 'edit',
    label: L.edit,
    submenu: [
      { role: 'undo', label: L.undo },
      { role: 'redo', label: L.redo },
      sep(),
      { role: 'cut', label: L.cut },
      { role: 'copy', label: L.copy },
      { role: 'paste', label: L.paste },
      ...(mac ? [{ role: 'pasteAndMatchStyle', label: L.pasteAndMatchStyle } satisfies MenuItemConstructorOptions] : []),
      { role: 'delete', label: L.delete },
      sep(),
      { role: 'selectAll', label: L.selectAll }
    ]
  }

  const sections: MenuItemConstructorOptions[] = MENU_SECTIONS.map((section, i) => ({
    id: `section.${section}`,
    label: L[section],
    // On macOS ⌘, belongs to the app menu's Settings…; one accelerator must not sit on two items.
    accelerator: mac && section === 'settings' ? undefined : sectionAccelerator(section, i),
    click: navigate(section)
  }))

  const languages: Language[] = ['zh-CN', 'en-US']
  const themes = [
    ['light', L.themeLight],
    ['dark', L.themeDark],
    ['auto', L.themeAuto]
  ] as const

  const viewMenu: MenuItemConstructorOptions = {
    id: 'view',
    label: L.view,
    submenu: [
      ...sections,
      sep(),
      { id: 'palette', label: L.palette, accelerator: 'CmdOrCtrl+K', click: () => o.send({ command: 'palette' }) },
      sep(),
      {
        id: 'language',
        label: L.language,
        submenu: languages.map((language) => ({
          id: `language.${language}`,
          label: LANGUAGE_NAMES[language],
          type: 'radio',
          checked: language === o.language,
          click: () => o.send({ command: 'language', language })
        }))
      },
      {
        id: 'theme',
        label: L.theme,
        submenu: themes.map(([theme, label]) => ({
          id: `theme.${theme}`,
          label,
          type: 'radio',
          checked: theme === o.theme,
          click: () => o.send({ command: 'theme', theme })
        }))
      },
      sep(),
      { role: 'resetZoom', label: L.resetZoom },
      { role: 'zoomIn', label: L.zoomIn },
      { role: 'zoomOut', label: L.zoomOut },
      sep(),
      { role: 'togglefullscreen', label: L.fullScreen },
      ...(o.isDev
        ? ([
            sep(),
            { role: 'reload', label: L.reload },
            { role: 'forceReload', label: L.forceReload },
            { role: 'toggleDevTools', label: L.devTools }
          ] satisfies MenuItemConstructorOptions[])
        : [])
    ]
  }

  const windowMenu: MenuItemConstructorOptions = {
    id: 'window',
    label: L.window,
    submenu: mac
      ? [
          { role: 'minimize', label: L.minimize },
          { role: 'zoom', label: L.zoom },
          sep(),
          { role: 'front', label: L.front }
        ]
      : [
          { role: 'minimize', label: L.minimize },
          { role: 'close', label: L.close }
        ]
  }

  const helpMenu: MenuItemConstructorOptions = {
    id: 'help',
    role: 'help',
    label: L.help,
    submenu: [
      ...(mac ? [] : [{ role: 'about', label: L.about } satisfies MenuItemConstructorOptions, sep()]),
      { id: 'openLogs', label: L.openLogs, click: () => o.openLogFolder() }
    ]
  }

  return [...(mac ? [appMenu] : []), fileMenu, editMenu, viewMenu, windowMenu, helpMenu]
}
