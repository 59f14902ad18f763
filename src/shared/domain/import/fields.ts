import { matchKey } from './normalise'
import type { FieldKey, ImportEntity, ImportMapping } from './types'
import { postSaleCatalogue, postSaleEntities } from './post-sale-fields'

/**
 * The field catalogue: for each entity, the fields an import can fill and the column names
 * CRMs give them. Synonyms come from Salesforce, HubSpot, 纷享销客 (Fxiaoke) and 销售易
 * (Neocrm) exports and from hand-made Excel sheets, so a typical export maps with no work.
 */
export interface FieldSpec {
  key: FieldKey
  required?: boolean
  /** Header spellings; compared by `matchKey`, so case, spaces, punctuation and width don't matter. */
  synonyms: string[]
  /** How much a match says about the entity of the file (detectEntity). */
  weight?: number
}

const ownerSynonyms = [
  'Owner',
  'Owner Name',
  'Opportunity Owner',
  'Deal Owner',
  'Account Owner',
  'Company Owner',
  'Contact Owner',
  'Sales Rep',
  'Sales Agent',
  'Agent',
  'Salesperson',
  'Sales Person',
  'Account Executive',
  'Rep',
  'Rep Name',
  '负责人',
  '销售',
  '所有人',
  '拥有者',
  '归属人',
  '销售代表',
  '销售负责人',
  '业务员',
  '客户经理',
  '跟进人',
  '负责销售',
  '销售人员',
  '销售员'
]

const accountSynonyms = [
  'Account Name',
  'Account',
  'Company',
  'Company Name',
  'Associated Company',
  'Customer',
  'Customer Name',
  'Organization',
  '客户名称',
  '公司名称',
  '客户',
  '所属客户',
  '客户全称',
  '企业名称',
  '单位名称',
  '公司'
]

const accountIdSynonyms = ['Account ID', 'Company ID', 'Customer ID', 'Account Number', '客户编号', '客户ID', '客户代码']
const createdSynonyms = ['Created Date', 'Create Date', 'Created', 'Created On', 'Created Time', 'Date Created', 'Engage Date', 'Engaged On', 'Open Date', 'Opened', '创建日期', '创建时间', '录入时间', '创建于', '录入日期']
const teamSynonyms = ['Team', 'Sales Team', 'Department', 'Owner Team', '部门', '所属部门', '团队', '销售团队', '所属团队']

export const fieldCatalogue: Record<ImportEntity, FieldSpec[]> = {
  deals: [
    { key: 'externalId', synonyms: ['Opportunity ID', 'Deal ID', 'Record ID', 'ID', 'Opportunity Number', '编号', '商机编号', '商机ID', '机会编号', '商机编码'] },
    // Not required: many exports have no name column; the name is then built from a pattern.
    { key: 'name', synonyms: ['Opportunity Name', 'Deal Name', 'Opportunity', 'Name', '商机名称', '机会名称', '项目名称', '商机'], weight: 2 },
    // Not required: early prospecting rows often have no account yet (a deal without a customer, flagged).
    { key: 'account', synonyms: accountSynonyms },
    { key: 'accountExternalId', synonyms: accountIdSynonyms },
    { key: 'owner', required: true, synonyms: ownerSynonyms },
    {
      key: 'amount',
      synonyms: [
        'Amount',
        'Opportunity Amount',
        'Deal Amount',
        'Total Amount',
        'Amount (converted)',
        'Close Value',
        'Deal Value',
        'Opportunity Value',
        'Contract Value',
        'Value',
        '金额',
        '商机金额',
        '预计金额',
        '合同金额',
        '合同额',
        '成交金额',
        '签约金额',
        '销售金额',
        '订单金额',
        '预计销售金额',
        '商机金额(元)',
        '金额(元)',
        '金额(万元)'
      ],
      weight: 3
    },
    { key: 'currency', synonyms: ['Currency', 'Opportunity Currency', 'Deal Currency', '币种', '货币', '币别'] },
    { key: 'stage', required: true, synonyms: ['Stage', 'Deal Stage', 'Opportunity Stage', 'Sales Stage', '阶段', '销售阶段', '商机阶段', '当前阶段'], weight: 4 },
    { key: 'probability', synonyms: ['Probability', 'Probability (%)', 'Win Probability', 'Deal Probability', '赢率', '成交概率', '赢单率', '赢单概率', '概率', '可能性', '成单率'], weight: 3 },
    {
      // The expected close date; for closed deals in a one-date export, the date they closed.
      key: 'closeDate',
      synonyms: ['Close Date', 'Expected Close Date', 'Closing Date', 'Est. Close Date', '预计成交日期', '预计签约日期', '结单日期', '预计结单日期', '成交日期', '签约日期', '预计成交时间', '预计完成日期', '预计签单日期'],
      weight: 3
    },
    {
      key: 'closedAt',
      synonyms: ['Won Date', 'Lost Date', 'Won/Lost Date', 'Closed Date', 'Date Closed', 'Closed On', 'Actual Close Date', 'Close Date (Actual)', '赢单日期', '输单日期', '实际成交日期', '实际签约日期', '关闭日期', '结束日期'],
      weight: 2
    },
    { key: 'createdAt', synonyms: createdSynonyms },
    {
      key: 'lostAtStage',
      synonyms: ['Lost at Stage', 'Lost Stage', 'Stage Lost', 'Stage Before Lost', 'Previous Stage', 'Last Open Stage', '输单阶段', '丢单阶段', '输单前阶段', '丢单前阶段']
    },
    { key: 'stageDate', synonyms: ['Stage Date', 'Stage Changed', 'Stage Change Date', 'Last Stage Change Date', 'Stage Entered', '阶段变更日期', '阶段变更时间', '进入阶段日期', '阶段更新时间', '阶段日期'] },
    { key: 'product', synonyms: ['Product', 'Product Name', 'Product Line', 'Products', '产品', '产品名称', '意向产品', '产品线'] },
    { key: 'nextStep', synonyms: ['Next Step', 'Next Steps', '下一步', '下一步计划', '下一步行动'] },
    { key: 'lossReason', synonyms: ['Loss Reason', 'Lost Reason', 'Closed Lost Reason', 'Reason Lost', '输单原因', '丢单原因', '失败原因'] },
    { key: 'forecastCategory', synonyms: ['Forecast Category', 'Forecast', '预测类别', '预测分类'], weight: 2 },
    { key: 'description', synonyms: ['Description', 'Notes', 'Note', 'Remark', 'Remarks', '描述', '备注', '说明', '商机描述', '商机说明'] }
  ],
  customers: [
    { key: 'externalId', synonyms: ['Account ID', 'Company ID', 'Customer ID', 'Record ID', 'ID', '客户编号', '客户ID', '编号', '客户代码'] },
    { key: 'name', required: true, synonyms: ['Account Name', 'Account', 'Company Name', 'Company', 'Customer Name', 'Customer', 'Name', '客户名称', '公司名称', '客户', '客户全称', '企业名称', '单位名称'], weight: 2 },
    { key: 'industry', synonyms: ['Industry', 'Sector', '行业', '所属行业', '行业类别'], weight: 3 },
    { key: 'size', synonyms: ['Size', 'Company Size', 'Employees', 'Number of Employees', 'Headcount', '规模', '企业规模', '人员规模', '员工人数', '公司规模'], weight: 3 },
    { key: 'channel', synonyms: ['Source', 'Lead Source', 'Account Source', 'Channel', 'Original Source', '来源', '客户来源', '渠道', '获客渠道', '来源渠道'], weight: 2 },
    { key: 'owner', synonyms: ownerSynonyms },
    { key: 'team', synonyms: teamSynonyms },
    { key: 'tier', synonyms: ['Tier', 'Rating', 'Customer Level', 'Account Tier', '客户级别', '客户等级', '级别', '等级', '客户分级'], weight: 2 },
    { key: 'city', synonyms: ['City', 'Billing City', 'Shipping City', 'Office Location', 'Location', 'Headquarters', '城市', '所在城市', '所在地', '地区', '总部所在地'], weight: 2 },
    { key: 'address', synonyms: ['Address', 'Billing Address', 'Billing Street', 'Street', '地址', '详细地址', '公司地址', '办公地址'], weight: 2 },
    { key: 'createdAt', synonyms: createdSynonyms },
    { key: 'parent', synonyms: ['Subsidiary Of', 'Parent Company', 'Parent Account', 'Parent', 'Parent Organization', '母公司', '上级公司', '所属集团', '上级客户', '总公司'], weight: 2 }
  ],
  contacts: [
    { key: 'externalId', synonyms: ['Contact ID', 'Record ID', 'ID', '联系人编号', '联系人ID', '编号'] },
    { key: 'name', required: true, synonyms: ['Name', 'Full Name', 'Contact Name', 'Contact', '姓名', '联系人', '联系人姓名', '联系人名称'], weight: 2 },
    { key: 'firstName', synonyms: ['First Name', 'Given Name', '名'] , weight: 2 },
    { key: 'lastName', synonyms: ['Last Name', 'Surname', 'Family Name', '姓'], weight: 2 },
    { key: 'account', required: true, synonyms: accountSynonyms },
    { key: 'accountExternalId', synonyms: accountIdSynonyms },
    { key: 'title', synonyms: ['Title', 'Job Title', 'Position', '职位', '职务', '头衔', '岗位'], weight: 3 },
    { key: 'seniority', synonyms: ['Seniority', 'Level', 'Job Level', '职级', '层级'], weight: 2 },
    { key: 'phone', synonyms: ['Phone', 'Mobile', 'Mobile Phone', 'Phone Number', 'Mobile Phone Number', '电话', '手机', '手机号', '联系电话', '手机号码', '移动电话'], weight: 3 },
    { key: 'email', synonyms: ['Email', 'E-mail', 'Email Address', '邮箱', '电子邮件', '电子邮箱', '邮件地址'], weight: 3 },
    { key: 'decisionRole', synonyms: ['Role', 'Decision Role', 'Buying Role', 'Contact Role', '角色', '决策角色', '决策链角色'], weight: 2 }
  ],
  activities: [
    { key: 'externalId', synonyms: ['Activity ID', 'Task ID', 'Event ID', 'Record ID', 'ID', '编号', '记录编号', '跟进编号', '活动编号'] },
    { key: 'kind', required: true, synonyms: ['Type', 'Activity Type', 'Task Type', 'Event Type', 'Task Subtype', '类型', '跟进类型', '跟进方式', '活动类型', '联系方式', '拜访方式', '记录类型'], weight: 3 },
    { key: 'account', required: true, synonyms: accountSynonyms },
    { key: 'accountExternalId', synonyms: accountIdSynonyms },
    { key: 'deal', synonyms: ['Opportunity', 'Opportunity Name', 'Related To', 'Deal', 'Deal Name', 'Associated Deal', '关联商机', '商机', '商机名称', '相关商机'] },
    { key: 'dealExternalId', synonyms: ['Opportunity ID', 'Deal ID', '商机编号', '商机ID'] },
    { key: 'owner', required: true, synonyms: [...ownerSynonyms, 'Assigned', 'Assigned To', 'Activity Owner', 'Created By', '执行人', '拜访人', '创建人'] },
    {
      key: 'at',
      required: true,
      synonyms: ['Date', 'Activity Date', 'Due Date', 'Start', 'Start Date', 'Start Time', 'Activity Date/Time', '日期', '时间', '跟进时间', '跟进日期', '拜访时间', '拜访日期', '活动时间', '开始时间', '活动日期'],
      weight: 3
    },
    { key: 'subject', synonyms: ['Subject', 'Title', '主题', '标题'], weight: 3 },
    { key: 'body', synonyms: ['Comments', 'Full Comments', 'Description', 'Notes', 'Body', 'Content', '内容', '跟进内容', '跟进记录', '备注', '描述', '拜访内容', '沟通内容', '拜访记录'], weight: 3 },
    { key: 'contact', synonyms: ['Contact', 'Contact Name', 'Name', 'Who', '联系人', '拜访对象', '联系人姓名'] },
    { key: 'status', synonyms: ['Status', 'Activity Status', 'Task Status', '状态', '完成状态'] },
    { key: 'duration', synonyms: ['Duration', 'Call Duration', 'Duration (seconds)', 'Call Duration (seconds)', '时长', '通话时长', '持续时间'], weight: 2 }
  ],
  // A teams file: each rep, their manager and their (regional) office. Builds the org tree.
  teams: [
    {
      key: 'name',
      required: true,
      synonyms: ['Sales Agent', 'Sales Rep', 'Rep', 'Rep Name', 'Salesperson', 'Sales Person', 'Agent', 'Employee', 'Name', 'Full Name', '销售', '销售代表', '销售人员', '业务员', '员工', '姓名', '员工姓名'],
      weight: 2
    },
    { key: 'manager', synonyms: ['Manager', 'Sales Manager', 'Team Lead', 'Team Leader', 'Reports To', 'Supervisor', '经理', '销售经理', '主管', '团队负责人', '直属上级', '上级'], weight: 3 },
    { key: 'region', synonyms: ['Regional Office', 'Region', 'Office', 'Sales Region', 'Territory', 'Area', '大区', '区域', '办事处', '所属大区', '分公司', '销售大区'], weight: 3 },
    { key: 'team', synonyms: teamSynonyms, weight: 2 },
    { key: 'email', synonyms: ['Email', 'E-mail', 'Email Address', '邮箱', '电子邮件'] },
    { key: 'title', synonyms: ['Title', 'Job Title', 'Position', '职位', '职务'] }
  ],
  // A products file: the catalogue deals name their products from.
  products: [
    { key: 'externalId', synonyms: ['Product ID', 'Product Code', 'SKU', 'Item Number', '产品编号', '产品编码', '物料编码'] },
    { key: 'name', required: true, synonyms: ['Product', 'Product Name', 'Name', 'Item', '产品', '产品名称', '名称', '商品名称'], weight: 2 },
    { key: 'series', synonyms: ['Series', 'Product Series', 'Product Line', 'Line', 'Family', 'Product Family', '系列', '产品系列', '产品线'], weight: 3 },
    { key: 'listPrice', synonyms: ['Sales Price', 'List Price', 'Price', 'Unit Price', 'Standard Price', '价格', '单价', '标准价', '售价', '目录价', '报价'], weight: 3 },
    { key: 'currency', synonyms: ['Currency', '币种', '货币'] }
  ],
  ...postSaleCatalogue
}

export function fieldsOf(entity: ImportEntity): FieldSpec[] {
  return fieldCatalogue[entity]
}

export function requiredFields(entity: ImportEntity): FieldKey[] {
  return fieldCatalogue[entity].filter((f) => f.required).map((f) => f.key)
}

/** Required fields no column feeds (a contact's name may come from first + last name). */
export function missingRequiredFields(mapping: ImportMapping): FieldKey[] {
  const has = (f: FieldKey): boolean => mapping.columns.includes(f)
  return requiredFields(mapping.entity).filter((f) => {
    if (has(f)) return false
    if (f === 'name' && mapping.entity === 'contacts' && (has('firstName') || has('lastName'))) return false
    if (f === 'account' && has('accountExternalId')) return false
    return true
  })
}

// Synonym keys per entity, built once.
const synonymIndex = new Map<ImportEntity, { key: FieldKey; synonym: string }[]>()
function synonymsOf(entity: ImportEntity): { key: FieldKey; synonym: string }[] {
  let list = synonymIndex.get(entity)
  if (!list) {
    list = fieldCatalogue[entity].flatMap((f) => f.synonyms.map((s) => ({ key: f.key, synonym: matchKey(s) })))
    synonymIndex.set(entity, list)
  }
  return list
}

// Text in brackets is a unit or a note ("金额（万元）", "Probability (%)"); it must not block a match.
const BRACKETED = /[(（[【][^)）\]】]*[)）\]】]/g

interface Candidate {
  column: number
  key: FieldKey
  score: number
}

function candidates(headers: string[], entity: ImportEntity): Candidate[] {
  const out: Candidate[] = []
  const syns = synonymsOf(entity)
  headers.forEach((header, column) => {
    const full = matchKey(header)
    const bare = matchKey(header.normalize('NFKC').replace(BRACKETED, ''))
    if (!full) return
    const best = new Map<FieldKey, number>()
    for (const { key, synonym } of syns) {
      let score = 0
      if (synonym === full) score = 1
      else if (synonym === bare) score = 0.95
      else if (bare.length > synonym.length && synonym.length >= 2 && (bare.startsWith(synonym) || bare.endsWith(synonym))) {
        // "商机金额合计" or "Opportunity Amount USD": a known name plus a word. Weaker, and only
        // when the known part is most of the header, so "Owner Role" does not become the owner.
        const ratio = synonym.length / bare.length
        if (ratio >= 0.6) score = 0.5 + 0.3 * ratio
      }
      if (score > (best.get(key) ?? 0)) best.set(key, score)
    }
    for (const [key, score] of best) out.push({ column, key, score })
  })
  return out
}

/**
 * Column → field. Greedy by match quality, each field and column used once, so "Account ID"
 * goes to the account's id even though "ID" alone would be the deal's.
 */
export function autoMap(headers: string[], entity: ImportEntity): ImportMapping {
  const columns: (FieldKey | null)[] = headers.map(() => null)
  const taken = new Set<FieldKey>()
  const list = candidates(headers, entity).sort((a, b) => b.score - a.score || a.column - b.column)
  for (const c of list) {
    if (columns[c.column] !== null || taken.has(c.key)) continue
    columns[c.column] = c.key
    taken.add(c.key)
  }
  return { entity, columns }
}

/** Which kind of record the file holds, from its headers. */
export function detectEntity(headers: string[]): ImportEntity {
  let best: ImportEntity = 'deals'
  let bestScore = -1
  for (const entity of ['deals', 'activities', 'contacts', 'customers', 'teams', 'products', ...postSaleEntities] as ImportEntity[]) {
    const mapping = autoMap(headers, entity)
    const specs = new Map(fieldCatalogue[entity].map((f) => [f.key, f]))
    let score = 0
    for (const key of mapping.columns) {
      if (!key) continue
      const spec = specs.get(key)!
      score += spec.weight ?? 1
      if (spec.required) score += 1
    }
    // Missing required fields speak against the entity.
    for (const req of requiredFields(entity)) {
      if (!mapping.columns.includes(req) && !(entity === 'contacts' && req === 'name' && mapping.columns.includes('lastName'))) score -= 2
    }
    if (score > bestScore) [best, bestScore] = [entity, score]
  }
  return best
}

/** Columns whose header names the amount in 万 / 亿 / 千 ("金额（万元）", "Amount (K)"). */
export function amountScaleFromHeader(header: string): number {
  const h = header.normalize('NFKC')
  const unit = /[(（[【]\s*([^)）\]】]*)[)）\]】]/.exec(h)?.[1] ?? h
  if (/亿/.test(unit)) return 1e8
  if (/万/.test(unit)) return 1e4
  if (/千/.test(unit) || /^\s*(k|000s?|thousands?)\s*$/i.test(unit)) return 1e3
  if (/^\s*(m|mn|millions?)\s*$/i.test(unit)) return 1e6
  return 1
}
