export * from './common'
export * from './org-unit'
export * from './user'
export * from './customer'
export * from './contact'
export * from './sales-process'
export * from './deal'
export * from './stage-history'
export * from './activity'
export * from './recording'
export * from './transcript-segment'
export * from './comment'
export * from './scorecard'
export * from './strategy-sheet'
export * from './target'
export * from './pool-rule'
export * from './territory-rule'
export * from './audit-flag'
export * from './forecast-snapshot'
export * from './call-coaching'
export * from './product'
export * from './currency-rate'
export * from './workspace-settings'
export * from './analytics-settings'
export * from './post-sale'
export * from './contract'
export * from './instalment'
export * from './milestone'
export * from './collection'
export * from './invoice'
export * from './usage-reading'
export * from './hiring'
export * from './library-mark'
export * from './task-completion'
export * from './comment-revision'
export * from './legacy-marks'

import { orgUnitKind } from './org-unit'
import { userKind } from './user'
import { customerKind } from './customer'
import { contactKind } from './contact'
import { salesProcessKind } from './sales-process'
import { dealKind } from './deal'
import { stageHistoryKind } from './stage-history'
import { activityKind } from './activity'
import { recordingKind } from './recording'
import { transcriptSegmentKind } from './transcript-segment'
import { commentKind } from './comment'
import { scorecardTemplateKind, scorecardKind } from './scorecard'
import { strategySheetKind } from './strategy-sheet'
import { targetKind } from './target'
import { poolRuleKind } from './pool-rule'
import { territoryRuleKind } from './territory-rule'
import { auditFlagKind } from './audit-flag'
import { forecastSnapshotKind } from './forecast-snapshot'
import { transcriptKind, keywordTrackerKind } from './call-coaching'
import { productKind } from './product'
import { currencyRateKind } from './currency-rate'
import { workspaceSettingsKind } from './workspace-settings'
import { analyticsSettingsKind } from './analytics-settings'
import { contractKind } from './contract'
import { instalmentKind } from './instalment'
import { milestoneKind } from './milestone'
import { collectionKind } from './collection'
import { invoiceKind } from './invoice'
import { usageReadingKind } from './usage-reading'
import { candidateKind, coachingPlanKind, interviewScoreKind, interviewTemplateKind } from './hiring'
import { callLibraryMarkKind } from './library-mark'
import { taskCompletionKind } from './task-completion'
import { commentRevisionKind } from './comment-revision'

/** Every persisted, synced kind, by table name. The write path refuses any other table. */
export const modelKinds = {
  orgUnits: orgUnitKind,
  users: userKind,
  customers: customerKind,
  contacts: contactKind,
  salesProcesses: salesProcessKind,
  deals: dealKind,
  stageHistory: stageHistoryKind,
  activities: activityKind,
  recordings: recordingKind,
  transcriptSegments: transcriptSegmentKind,
  comments: commentKind,
  scorecardTemplates: scorecardTemplateKind,
  scorecards: scorecardKind,
  strategySheets: strategySheetKind,
  targets: targetKind,
  poolRules: poolRuleKind,
  territoryRules: territoryRuleKind,
  auditFlags: auditFlagKind,
  forecastSnapshots: forecastSnapshotKind,
  transcripts: transcriptKind,
  keywordTrackers: keywordTrackerKind,
  products: productKind,
  currencyRates: currencyRateKind,
  workspaceSettings: workspaceSettingsKind,
  analyticsSettings: analyticsSettingsKind,
  contracts: contractKind,
  instalments: instalmentKind,
  milestones: milestoneKind,
  collections: collectionKind,
  invoices: invoiceKind,
  usageReadings: usageReadingKind,
  interviewTemplates: interviewTemplateKind,
  candidates: candidateKind,
  interviewScores: interviewScoreKind,
  coachingPlans: coachingPlanKind,
  // Marks that were `comments` rows on pseudo tables before issue 16 (legacy-marks.ts).
  libraryMarks: callLibraryMarkKind,
  taskCompletions: taskCompletionKind,
  commentRevisions: commentRevisionKind
} as const

export type ModelTable = keyof typeof modelKinds
export type RowOf<T extends ModelTable> = import('zod').infer<(typeof modelKinds)[T]['schema']>
export const modelTables = Object.keys(modelKinds) as ModelTable[]
