export { generateWorkspace, generateWorkspaceSteps, GENERATE_STEPS } from './generate'
export type { GenerateStep, GenerateOptions, Workspace, WorkspaceMeta, DemoLocale, DemoScale } from './generate'
