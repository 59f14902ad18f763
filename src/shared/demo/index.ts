export { generateWorkspace } from './generate'
export type { GenerateOptions, Workspace, WorkspaceMeta, DemoLocale, DemoScale } from './generate'
