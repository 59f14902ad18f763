import type { FieldSpec } from './fields'

/**
 * The import's field catalogue for what comes after the signature (see post-sale.ts): which
 * entities there are and the column names finance and CRM exports give their fields. Its own
 * module, so the catalogue in fields.ts can include it without an import cycle.
 */

export const postSaleEntities = ['contracts', 'instalments', 'collections', 'usageReadings'] as const
export type PostSaleEntity = (typeof postSaleEntities)[number]

export type PostSaleFieldKey = 'contractNumber' | 'signedAt' | 'startDate' | 'endDate' | 'terms' | 'seq' | 'label' | 'percent' | 'dueDate' | 'condition' | 'receivedAt' | 'method' | 'instalment' | 'note' | 'metric' | 'measure' | 'readingDate' | 'used' | 'entitled'

export function isPostSaleEntity(e: string): e is PostSaleEntity {
  return (postSaleEntities as readonly string[]).includes(e)
}

const contractSynonyms = ['Contract Number', 'Contract No', 'Contract No.', 'Contract #', 'Contract ID', 'Contract', '合同编号', '合同号', '合同编码', '合同']
const accountSynonyms = ['Account Name', 'Account', 'Company', 'Customer', 'Customer Name', '客户名称', '客户', '公司名称', '所属客户', '客户全称']
const ownerSynonyms = ['Collector', 'Owner', 'Sales Rep', 'Rep', '回款负责人', '收款负责人', '负责人', '销售', '销售代表', '客户经理']

export const postSaleCatalogue: Record<PostSaleEntity, FieldSpec[]> = {
  contracts: [
    { key: 'contractNumber', required: true, synonyms: contractSynonyms, weight: 4 },
    { key: 'name', synonyms: ['Contract Name', 'Contract Title', '合同名称', '合同标题'], weight: 2 },
    { key: 'account', required: true, synonyms: accountSynonyms },
    { key: 'accountExternalId', synonyms: ['Account ID', 'Customer ID', '客户编号', '客户ID'] },
    { key: 'deal', synonyms: ['Opportunity', 'Opportunity Name', 'Deal', 'Deal Name', '关联商机', '商机名称', '商机'] },
    { key: 'dealExternalId', synonyms: ['Opportunity ID', 'Deal ID', '商机编号', '商机ID'] },
    { key: 'amount', required: true, synonyms: ['Contract Amount', 'Contract Value', 'Amount', 'Total Amount', '合同金额', '合同总额', '合同额', '金额'], weight: 2 },
    { key: 'currency', synonyms: ['Currency', '币种', '货币'] },
    { key: 'signedAt', required: true, synonyms: ['Signed Date', 'Signing Date', 'Sign Date', 'Contract Date', 'Date Signed', '签约日期', '签订日期', '合同签订日期', '签约时间'], weight: 4 },
    { key: 'startDate', synonyms: ['Start Date', 'Service Start', 'Term Start', '服务开始日期', '开始日期', '合同开始日期', '生效日期'], weight: 2 },
    { key: 'endDate', synonyms: ['End Date', 'Service End', 'Term End', 'Expiry Date', 'Expiration Date', '到期日期', '结束日期', '合同到期日', '服务到期日', '终止日期'], weight: 2 },
    { key: 'owner', required: true, synonyms: ownerSynonyms },
    { key: 'terms', synonyms: ['Payment Terms', 'Terms', '付款条件', '结算方式', '付款约定'], weight: 2 }
  ],
  instalments: [
    { key: 'contractNumber', required: true, synonyms: contractSynonyms, weight: 2 },
    { key: 'seq', synonyms: ['Instalment', 'Installment', 'Instalment No', 'Installment No', 'Period', '期数', '期次', '第几期', '序号'], weight: 3 },
    { key: 'label', synonyms: ['Instalment Name', 'Installment Name', 'Payment Name', 'Stage', '款项名称', '回款节点', '款项', '节点名称'], weight: 3 },
    { key: 'amount', synonyms: ['Planned Amount', 'Instalment Amount', 'Amount Due', 'Amount', '计划回款金额', '应收金额', '计划金额', '金额'], weight: 2 },
    { key: 'percent', synonyms: ['Percent', 'Percentage', 'Share', '%', '比例', '回款比例', '付款比例', '占比'], weight: 3 },
    { key: 'dueDate', synonyms: ['Due Date', 'Planned Date', 'Due', '计划回款日期', '应收日期', '到期日', '计划日期', '到期日期', '应付日期'], weight: 4 },
    { key: 'condition', synonyms: ['Condition', 'Payment Condition', 'Trigger', '付款条件', '回款条件', '条件', '触发条件'], weight: 3 },
    { key: 'externalId', synonyms: ['Plan ID', 'Instalment ID', '计划编号', '回款计划编号'] }
  ],
  collections: [
    { key: 'externalId', synonyms: ['Receipt No', 'Receipt Number', 'Payment ID', 'Transaction ID', '回款编号', '收款单号', '回款单号', '流水号', '银行流水号'], weight: 2 },
    { key: 'contractNumber', required: true, synonyms: contractSynonyms, weight: 2 },
    { key: 'amount', required: true, synonyms: ['Received Amount', 'Payment Amount', 'Amount Received', 'Amount', '回款金额', '收款金额', '到账金额', '实收金额', '金额'], weight: 2 },
    { key: 'currency', synonyms: ['Currency', '币种', '货币'] },
    { key: 'receivedAt', required: true, synonyms: ['Received Date', 'Payment Date', 'Date Received', 'Value Date', 'Date', '回款日期', '到账日期', '收款日期', '日期'], weight: 4 },
    { key: 'method', synonyms: ['Method', 'Payment Method', '回款方式', '收款方式', '付款方式', '结算方式'], weight: 3 },
    { key: 'instalment', synonyms: ['Instalment', 'Installment', 'For Instalment', '期数', '对应期次', '回款节点', '款项'], weight: 2 },
    { key: 'note', synonyms: ['Note', 'Notes', 'Remark', 'Memo', '备注', '摘要', '说明'] }
  ],
  // A product console's usage export or a monthly usage report, one row per contract, metric and day.
  usageReadings: [
    { key: 'externalId', synonyms: ['Reading ID', 'Usage ID', 'Record ID', '记录编号', '用量编号'] },
    { key: 'contractNumber', required: true, synonyms: contractSynonyms, weight: 2 },
    { key: 'metric', required: true, synonyms: ['Metric', 'Usage Metric', 'Meter', 'Item', 'Resource', '指标', '用量指标', '计量项', '资源', '项目'], weight: 3 },
    { key: 'measure', synonyms: ['Measure', 'Type', 'Usage Type', 'Counting', '计量方式', '类型', '口径'], weight: 2 },
    { key: 'readingDate', required: true, synonyms: ['Date', 'Reading Date', 'As Of', 'Period End', 'Usage Date', '日期', '统计日期', '截止日期', '读数日期', '账期'], weight: 4 },
    { key: 'used', required: true, synonyms: ['Used', 'Usage', 'Quantity Used', 'In Use', 'Consumed', '已用', '用量', '使用量', '已使用', '在用数量', '已消耗'], weight: 4 },
    { key: 'entitled', synonyms: ['Entitled', 'Licensed', 'Licenses', 'Quota', 'Purchased', 'Prepaid', '授权数', '授权数量', '购买数量', '额度', '配额', '预付额度', '总量'], weight: 4 },
    { key: 'note', synonyms: ['Note', 'Notes', 'Remark', 'Memo', '备注', '说明'] }
  ]
}
