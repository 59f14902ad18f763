import type { SalesProcess, Stage } from '../../model'
import { cleanText, matchKey, similarity } from './normalise'

/**
 * Suggests, for each stage name found in a file, the stage of the chosen process it means.
 * CRMs name stages differently (Salesforce "Negotiation/Review", 纷享销客 "商务谈判",
 * HubSpot "contractsent"), so matching goes: same name → won/lost words → similar name →
 * the same step of a generic funnel → the nearest default probability → the step's position.
 */

export interface FileStage {
  /** The value as written in the file (trimmed). */
  value: string
  count: number
  /** The most common probability the file gives rows in this stage, if it has that column. */
  probability?: number
}

export type StageMatch = 'exact' | 'won-lost' | 'similar' | 'concept' | 'probability' | 'position' | null

export interface StageSuggestion extends FileStage {
  stageId: string | null
  match: StageMatch
}

// A generic funnel the usual CRM stage names fall into; process stages are placed on it too.
const CONCEPTS: { concept: string; order: number; words: string[] }[] = [
  {
    concept: 'lead',
    order: 0,
    words: ['prospecting', 'prospect', 'lead', 'lead qualified', 'qualified lead', 'new', 'appointment scheduled', 'initial contact', '线索', '初步接洽', '初步接触', '初访', '潜在', '意向', '发现', '接触', '新建', '获取线索']
  },
  {
    concept: 'qualify',
    order: 1,
    words: ['qualification', 'qualified', 'qualified to buy', 'needs analysis', 'discovery', 'needs discovery', 'qualify', 'needs assessment', 'engaging', 'engaged', 'engagement', '需求确认', '需求分析', '需求挖掘', '资格确认', '需求明确', '验证', '立项', '需求调研', '商机确认', '确认需求']
  },
  {
    concept: 'propose',
    order: 2,
    words: [
      'proposal',
      'proposal/price quote',
      'value proposition',
      'presentation scheduled',
      'id. decision makers',
      'perception analysis',
      'solution',
      'quote',
      'demo',
      '方案',
      '方案报价',
      '报价',
      '方案演示',
      '解决方案',
      '演示',
      '投标',
      '招投标',
      '方案制定',
      '产品演示'
    ]
  },
  {
    concept: 'negotiate',
    order: 3,
    words: [
      'negotiation',
      'negotiation/review',
      'contract sent',
      'decision maker bought-in',
      'decision makers bought in',
      'commit',
      'review',
      '商务谈判',
      '谈判',
      '合同',
      '合同谈判',
      '合同审批',
      '签约中',
      '审批',
      '赢单确认',
      '待签约'
    ]
  }
]

const WON_WORDS = ['closed won', 'won', 'closedwon', 'win', '赢单', '成交', '签单', '已成交', '赢得', '已签约', '已赢单', '成功', '赢单关闭', '已签单', '签约成功']
const LOST_WORDS = ['closed lost', 'lost', 'closedlost', 'loss', '输单', '丢单', '失败', '已丢单', '放弃', '输单关闭', '已输单', '关闭-输', '流失', '丢失']

const wonKeys = new Set(WON_WORDS.map(matchKey))
const lostKeys = new Set(LOST_WORDS.map(matchKey))
const conceptKeys = CONCEPTS.map((c) => ({ ...c, keys: new Set(c.words.map(matchKey)) }))

/** "03 - 方案报价", "阶段3：方案报价 (60%)", "Stage 2: Qualification" → the name part. */
export function bareStageName(value: string): string {
  return cleanText(value)
    .replace(/[(（][^)）]*%[^)）]*[)）]\s*$/, '')
    .replace(/^(?:stage|阶段|step)?\s*\d{1,2}\s*[-.:：、)）_\s]+/i, '')
    .replace(/\s*\d{1,3}\s*%\s*$/, '')
    .trim()
}

function kindWord(value: string): 'won' | 'lost' | null {
  const key = matchKey(bareStageName(value))
  if (wonKeys.has(key)) return 'won'
  if (lostKeys.has(key)) return 'lost'
  // "Closed Won - Renewal", "赢单（已回款）"
  for (const w of wonKeys) if (w.length >= 2 && key.startsWith(w)) return 'won'
  for (const w of lostKeys) if (w.length >= 2 && key.startsWith(w)) return 'lost'
  return null
}

function conceptOf(value: string): { concept: string; order: number } | null {
  const key = matchKey(bareStageName(value))
  if (!key) return null
  for (const c of conceptKeys) if (c.keys.has(key)) return c
  // A longer name that contains a known one ("需求确认阶段", "Proposal Sent").
  let best: { concept: string; order: number; len: number } | null = null
  for (const c of conceptKeys) {
    for (const k of c.keys) {
      if (k.length >= 2 && key.includes(k) && (!best || k.length > best.len)) best = { ...c, len: k.length }
    }
  }
  return best
}

export function suggestStageMapping(fileStages: FileStage[], process: SalesProcess): StageSuggestion[] {
  const open = process.stages.filter((s) => s.kind === 'open')
  const won = process.stages.find((s) => s.kind === 'won')
  const lost = process.stages.find((s) => s.kind === 'lost')
  const stageConcepts = new Map<string, { concept: string; order: number } | null>(open.map((s) => [s.id, conceptOf(s.name)]))
  return fileStages.map((fs) => ({ ...fs, ...suggestOne(fs, process.stages, open, won, lost, stageConcepts) }))
}

function suggestOne(
  fs: FileStage,
  all: Stage[],
  open: Stage[],
  won: Stage | undefined,
  lost: Stage | undefined,
  stageConcepts: Map<string, { concept: string; order: number } | null>
): { stageId: string | null; match: StageMatch } {
  const name = bareStageName(fs.value)
  const key = matchKey(name)
  if (!key) return { stageId: null, match: null }

  const exact = all.find((s) => matchKey(s.name) === key || matchKey(s.id) === key)
  if (exact) return { stageId: exact.id, match: 'exact' }

  const kind = kindWord(fs.value)
  if (kind === 'won' && won) return { stageId: won.id, match: 'won-lost' }
  if (kind === 'lost' && lost) return { stageId: lost.id, match: 'won-lost' }
  if (fs.probability === 100 && won && !conceptOf(fs.value)) return { stageId: won.id, match: 'probability' }

  let bestSim = 0
  let bestStage: Stage | null = null
  for (const s of all) {
    const sim = similarity(name, s.name)
    if (sim > bestSim) [bestSim, bestStage] = [sim, s]
  }
  if (bestStage && bestSim >= 0.6) return { stageId: bestStage.id, match: 'similar' }

  const concept = conceptOf(fs.value)
  if (concept) {
    const same = open.filter((s) => stageConcepts.get(s.id)?.concept === concept.concept)
    if (same.length > 0) {
      // Several stages of one concept: the file's probability picks among them.
      const pick = fs.probability === undefined ? same[0]! : nearestByProbability(same, fs.probability)
      return { stageId: pick.id, match: 'concept' }
    }
  }

  if (fs.probability !== undefined && open.length > 0) {
    const p = fs.probability
    const near = nearestByProbability(open, p)
    const gap = Math.abs(near.probability - p)
    // Only a close, unambiguous probability is evidence; 15 points is about one funnel step.
    const tie = open.some((s) => s !== near && Math.abs(s.probability - p) === gap)
    if (gap <= 15 && !tie) return { stageId: near.id, match: 'probability' }
  }

  if (concept && open.length > 0) {
    // The same step of the funnel by position: lead → first open stage, negotiate → last.
    const i = Math.round((concept.order / 3) * (open.length - 1))
    return { stageId: open[Math.min(i, open.length - 1)]!.id, match: 'position' }
  }
  return { stageId: null, match: null }
}

function nearestByProbability(stages: Stage[], p: number): Stage {
  let best = stages[0]!
  for (const s of stages) if (Math.abs(s.probability - p) < Math.abs(best.probability - p)) best = s
  return best
}

/** The stage map the wizard starts from: file stage value → suggested stage id. */
export function stageMapFromSuggestions(suggestions: StageSuggestion[]): Record<string, string | null> {
  return Object.fromEntries(suggestions.map((s) => [s.value, s.stageId]))
}
