import type { SalesProcess, Stage } from '../model'
import type { Pair } from './data'

// The two demo sales processes (阶段化销售过程). Stage exit criteria follow the model's
// reading: a stage's criteria are the milestones (分隔标志) that must hold before a deal may
// enter it, so a deal in stage k has the criteria of stages 1…k checked.

interface StageDef {
  id: string
  name: Pair
  kind: Stage['kind']
  probability: number
  expectedDays: number
  minDays: number
  criteria: readonly Pair[]
  steps: readonly Pair[]
  methods: readonly Pair[]
  /** Chance a deal is lost while in this stage (before channel and rep skill adjust it). */
  lossRate: number
  /** Which follow-up document a move into this stage produces on the timeline. */
  artefact?: 'requirement' | 'proposal' | 'quote' | 'contract'
}

export interface ProcessDef {
  key: 'new' | 'ka'
  name: Pair
  segment: SalesProcess['segment']
  bigDealThreshold: number
  abandonRules: SalesProcess['abandonRules']
  stages: readonly StageDef[]
}

const LOSS_REASONS: readonly Pair[] = [
  ['价格过高', 'Price too high'],
  ['选择了竞争对手', 'Chose a competitor'],
  ['预算取消', 'Budget cancelled'],
  ['需求变化', 'Requirements changed'],
  ['失去联系', 'Lost contact'],
  ['决策人变动', 'Decision maker changed'],
  ['内部自研', 'Building it in-house'],
  ['时机不成熟', 'Timing not right']
]

/** Weights of the loss reasons above; price and competitors dominate in B2B software. */
export const LOSS_REASON_WEIGHTS: readonly number[] = [26, 24, 12, 10, 12, 6, 4, 6]

const s = (
  id: string,
  name: Pair,
  probability: number,
  expectedDays: number,
  minDays: number,
  lossRate: number,
  criteria: readonly Pair[],
  steps: readonly Pair[],
  methods: readonly Pair[],
  artefact?: StageDef['artefact']
): StageDef => ({ id, name, kind: 'open', probability, expectedDays, minDays, criteria, steps, methods, lossRate, artefact })

const WON_NAME: Pair = ['赢单', 'Won']
const LOST_NAME: Pair = ['输单', 'Lost']

export const PROCESS_DEFS: readonly ProcessDef[] = [
  {
    key: 'new',
    name: ['新客户销售流程', 'New Customer Sales Process'],
    segment: 'new',
    bigDealThreshold: 30_000_000,
    abandonRules: { ageVsMedian: 2.5, maxPushes: 3, requireEconomicBuyer: false },
    stages: [
      s(
        'new-qualify',
        ['线索确认', 'Lead qualified'],
        10,
        10,
        1,
        0.2,
        [
          ['客户基本信息已核实', 'Company details verified'],
          ['已确认存在潜在需求', 'Potential need confirmed']
        ],
        [
          ['电话或上门核实客户基本情况', 'Verify the company by phone or on site'],
          ['在公海中查找周边客户，顺路陌拜', 'Find nearby pool customers for cold visits']
        ],
        [
          ['扫楼陌拜', 'Building sweep (cold visits)'],
          ['电话邀约', 'Phone appointment']
        ]
      ),
      s(
        'new-discover',
        ['需求挖掘', 'Needs discovery'],
        20,
        21,
        3,
        0.16,
        [
          ['已联系到关键联系人', 'Key contact reached'],
          ['客户痛点已记录', 'Pain points recorded']
        ],
        [
          ['了解现有流程与痛点', 'Map the current process and pain points'],
          ['识别决策链与预算周期', 'Identify the decision chain and budget cycle']
        ],
        [
          ['SPIN提问法', 'SPIN questioning'],
          ['销售行为控制表', 'Behaviour control sheet']
        ],
        'requirement'
      ),
      s(
        'new-propose',
        ['方案呈现', 'Solution presented'],
        35,
        21,
        5,
        0.12,
        [
          ['已确认决策人', 'Decision maker identified'],
          ['预算已确认', 'Budget confirmed']
        ],
        [
          ['输出定制化方案', 'Write a tailored proposal'],
          ['为决策人做产品演示', 'Demo the product to the decision maker']
        ],
        [
          ['FAB价值呈现', 'FAB value presentation'],
          ['同行业成功案例', 'Same-industry reference cases']
        ],
        'proposal'
      ),
      s(
        'new-quote',
        ['报价确认', 'Quote'],
        50,
        14,
        2,
        0.1,
        [
          ['方案已获客户认可', 'Solution accepted by the customer'],
          ['已提交正式报价', 'Formal quote submitted']
        ],
        [
          ['提交正式报价单', 'Send the formal quote'],
          ['确认采购流程与时间表', 'Confirm purchasing steps and timeline']
        ],
        [
          ['价值锚定报价', 'Value-anchored pricing'],
          ['多方案报价', 'Good-better-best options']
        ],
        'quote'
      ),
      s(
        'new-negotiate',
        ['商务谈判', 'Negotiation'],
        70,
        21,
        3,
        0.08,
        [
          ['价格与付款条款已初步达成一致', 'Price and payment terms agreed in principle'],
          ['已了解客户采购流程', 'Purchasing process understood']
        ],
        [
          ['处理价格与折扣异议', 'Handle price and discount objections'],
          ['约高层敲定条款', 'Close the terms with senior management']
        ],
        [
          ['让步交换法', 'Trade concessions, never give them'],
          ['主管陪访', 'Manager ride-along']
        ]
      ),
      s(
        'new-contract',
        ['合同签订', 'Contract'],
        90,
        10,
        2,
        0.03,
        [
          ['合同文本已提交法务', 'Contract sent to legal'],
          ['用印流程已启动', 'Signing process started']
        ],
        [
          ['跟进法务审核', 'Follow the legal review'],
          ['确认首付款时间', 'Confirm the first payment date']
        ],
        [['合同条款清单', 'Contract terms checklist']],
        'contract'
      ),
      {
        id: 'new-won',
        name: WON_NAME,
        kind: 'won',
        probability: 100,
        expectedDays: 0,
        minDays: 0,
        criteria: [['合同已双方盖章', 'Contract signed by both parties']],
        steps: [['安排交付与回款', 'Schedule delivery and payment']],
        methods: [],
        lossRate: 0
      },
      {
        id: 'new-lost',
        name: LOST_NAME,
        kind: 'lost',
        probability: 0,
        expectedDays: 0,
        minDays: 0,
        criteria: [],
        steps: [['输单复盘', 'Lost-deal review']],
        methods: [],
        lossRate: 0
      }
    ]
  },
  {
    key: 'ka',
    name: ['大客户销售流程', 'Key Account Sales Process'],
    segment: 'key_account',
    bigDealThreshold: 50_000_000,
    abandonRules: { ageVsMedian: 3, maxPushes: 3, requireEconomicBuyer: true },
    stages: [
      s(
        'ka-qualify',
        ['线索确认', 'Lead qualified'],
        5,
        21,
        3,
        0.18,
        [
          ['客户符合大客户标准', 'Meets the key-account profile'],
          ['已获得高层引荐或内部线人', 'Senior introduction or insider found']
        ],
        [
          ['研究客户年报与战略', 'Study the annual report and strategy'],
          ['找到内部教练', 'Find an internal coach']
        ],
        [['客户业务计划', 'Account business plan']]
      ),
      s(
        'ka-research',
        ['需求调研', 'Needs research'],
        15,
        30,
        7,
        0.14,
        [
          ['已完成业务部门调研', 'Business units interviewed'],
          ['关键需求已书面确认', 'Key requirements confirmed in writing']
        ],
        [
          ['组织需求调研会', 'Run requirement workshops'],
          ['输出调研报告', 'Write the discovery report']
        ],
        [
          ['SPIN提问法', 'SPIN questioning'],
          ['现场调研', 'On-site discovery']
        ],
        'requirement'
      ),
      s(
        'ka-map',
        ['决策链梳理', 'Decision chain mapped'],
        25,
        30,
        7,
        0.1,
        [
          ['已确认决策人', 'Decision maker identified'],
          ['已识别技术与使用影响者', 'Technical and user influencers identified']
        ],
        [
          ['绘制决策链图', 'Draw the buying-influence map'],
          ['拜访经济决策人', 'Meet the economic buyer']
        ],
        [
          ['销售策略表', 'Sales strategy sheet'],
          ['大单智囊团', 'Big-deal team review']
        ]
      ),
      s(
        'ka-propose',
        ['方案呈现', 'Solution presented'],
        40,
        35,
        7,
        0.1,
        [
          ['预算已确认', 'Budget confirmed'],
          ['高层已参与方案沟通', 'Executives joined the solution review']
        ],
        [
          ['联合方案设计', 'Co-design the solution'],
          ['安排标杆客户参观', 'Arrange a reference-site visit']
        ],
        [
          ['FAB价值呈现', 'FAB value presentation'],
          ['ROI测算', 'ROI model']
        ],
        'proposal'
      ),
      s(
        'ka-bid',
        ['投标报价', 'Bid & quote'],
        55,
        30,
        7,
        0.1,
        [
          ['方案已获客户认可', 'Solution accepted by the customer'],
          ['已获得招标文件或报价邀请', 'Tender documents or RFQ received']
        ],
        [
          ['编写投标文件', 'Write the bid'],
          ['控标与评分点梳理', 'Shape the scoring criteria']
        ],
        [['竞争策略分析', 'Competitive strategy']],
        'quote'
      ),
      s(
        'ka-negotiate',
        ['商务谈判', 'Negotiation'],
        75,
        30,
        5,
        0.07,
        [
          ['技术评分领先或入围', 'Leading or shortlisted on technical score'],
          ['价格谈判已启动', 'Price negotiation started']
        ],
        [
          ['高层对高层会谈', 'Executive-to-executive meeting'],
          ['处理法务与付款条款', 'Settle legal and payment terms']
        ],
        [
          ['让步交换法', 'Trade concessions, never give them'],
          ['大单智囊团', 'Big-deal team review']
        ]
      ),
      s(
        'ka-contract',
        ['合同签订', 'Contract'],
        90,
        21,
        3,
        0.03,
        [
          ['中标通知或采购意向已确认', 'Award notice or purchase intent confirmed'],
          ['合同条款已审核', 'Contract terms reviewed']
        ],
        [
          ['推动双方用印', 'Drive signatures on both sides'],
          ['制定交付计划', 'Plan the delivery']
        ],
        [['合同条款清单', 'Contract terms checklist']],
        'contract'
      ),
      {
        id: 'ka-won',
        name: WON_NAME,
        kind: 'won',
        probability: 100,
        expectedDays: 0,
        minDays: 0,
        criteria: [
          ['合同已双方盖章', 'Contract signed by both parties'],
          ['交付计划已确认', 'Delivery plan agreed']
        ],
        steps: [['启动交付与回款计划', 'Start delivery and the payment plan']],
        methods: [],
        lossRate: 0
      },
      {
        id: 'ka-lost',
        name: LOST_NAME,
        kind: 'lost',
        probability: 0,
        expectedDays: 0,
        minDays: 0,
        criteria: [],
        steps: [['输单复盘', 'Lost-deal review']],
        methods: [],
        lossRate: 0
      }
    ]
  }
]

/** Criterion ids are stable across locales: `<stage id>.<n>`. */
export function criterionIds(stage: StageDef): string[] {
  return stage.criteria.map((_, i) => `${stage.id}.${i + 1}`)
}

export function buildProcess(def: ProcessDef, id: string, L: 0 | 1): SalesProcess {
  return {
    id,
    name: def.name[L],
    segment: def.segment,
    revision: 1,
    stages: def.stages.map((st) => ({
      id: st.id,
      name: st.name[L],
      kind: st.kind,
      probability: st.probability,
      expectedDays: st.expectedDays,
      minDays: st.minDays,
      exitCriteria: st.criteria.map((c, i) => ({ id: `${st.id}.${i + 1}`, label: c[L] })),
      steps: st.steps.map((x) => x[L]),
      methods: st.methods.map((x) => x[L])
    })),
    abandonRules: def.abandonRules,
    bigDealThreshold: def.bigDealThreshold,
    currency: 'CNY',
    lossReasons: LOSS_REASONS.map((r) => r[L])
  }
}

export const LOSS_REASON_PAIRS = LOSS_REASONS
export type { StageDef }
