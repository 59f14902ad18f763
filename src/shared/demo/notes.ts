import type { Rng } from './rng'
import { COMPETITORS, type Pair } from './data'

// Follow-up texts in both locales. A note is stitched from an opener, a detail and a next
// step with concrete slots (names, amounts, dates, competitors), so 25,000 visits read like a
// team's real CRM and identical notes stay rare enough that the copy-paste pattern stands out.
// Every builder draws the same number of random values in either locale.

export type L = 0 | 1

export interface NoteContext {
  /** How the rep refers to the contact: 王总 / Wang Jun. */
  contact: string
  /** Customer short name: 瑞康医疗 / Ruikang Medical. */
  co: string
  product: string
  /** The deal's amount in fen, when the note is about a deal: budgets then match the deal. */
  amount?: number
}

const DAYS: readonly Pair[] = [
  ['下周一', 'next Monday'],
  ['下周二', 'next Tuesday'],
  ['下周三', 'next Wednesday'],
  ['本周四', 'this Thursday'],
  ['本周五', 'this Friday'],
  ['下周', 'next week'],
  ['月底前', 'before month end'],
  ['两周后', 'in two weeks']
]
const DISCOUNTS: readonly Pair[] = [
  ['95折', '5% off'],
  ['9折', '10% off'],
  ['88折', '12% off'],
  ['85折', '15% off'],
  ['8折', '20% off']
]
const TIMES = ['09:30', '10:00', '10:30', '14:00', '14:30', '15:00', '16:00']

/**
 * The random values a note may use, drawn in a fixed order whether or not its template uses
 * them (so both locales stay on the same stream). Strings are only made for the slots a
 * template actually has: at 200,000 notes the allocations are what costs.
 */
interface Slots {
  ctx: NoteContext
  L: L
  day: number
  pct: number
  comp: number
  n: number
  wan: number
  k: number
  m: number
  time: number
}

function slots(rng: Rng, L: L, ctx: NoteContext): Slots {
  const drawn = rng.int(3, 120)
  const spread = rng.range(0.8, 1.25)
  return {
    ctx,
    L,
    wan: ctx.amount ? Math.max(1, Math.round((ctx.amount / 1_000_000) * spread)) : drawn,
    day: rng.int(0, DAYS.length - 1),
    pct: rng.int(0, DISCOUNTS.length - 1),
    comp: rng.int(0, COMPETITORS.length - 1),
    n: rng.int(2, 60) * 5,
    k: rng.int(2, 20),
    m: rng.int(1, 6),
    time: rng.int(0, TIMES.length - 1)
  }
}

function slotText(key: string, s: Slots): string {
  const L = s.L
  switch (key) {
    case 'c':
      return s.ctx.contact
    case 'co':
      return s.ctx.co
    case 'p':
      return s.ctx.product
    case 'day':
      return (DAYS[s.day] as Pair)[L]
    case 'pct':
      return (DISCOUNTS[s.pct] as Pair)[L]
    case 'comp':
      return (COMPETITORS[s.comp] as Pair)[L]
    case 'n':
      return String(s.n)
    case 'amt':
      return L === 0 ? `${s.wan}万` : `¥${s.wan * 10}k`
    case 'k':
      return String(s.k)
    case 'm':
      return String(s.m)
    case 'time':
      return TIMES[s.time] as string
    default:
      return ''
  }
}

/** Templates split once into literal / slot parts; filling is then a join, not a regex. */
const compiled = new Map<string, string[]>()
function fill(tpl: string, s: Slots): string {
  let parts = compiled.get(tpl)
  if (!parts) {
    parts = tpl.split(/\{(\w+)\}/)
    compiled.set(tpl, parts)
  }
  if (parts.length === 1) return tpl
  let out = ''
  for (let i = 0; i < parts.length; i++) out += i % 2 === 0 ? (parts[i] as string) : slotText(parts[i] as string, s)
  return out
}

function compose(rng: Rng, L: L, ctx: NoteContext, parts: readonly (readonly Pair[])[], sep: Pair = ['', ' ']): string {
  const s = slots(rng, L, ctx)
  const out: string[] = []
  for (const list of parts) out.push(fill(rng.pick(list)[L], s))
  return out.join(sep[L])
}

const NEW_OPEN: readonly Pair[] = [
  ['首次拜访{co}，见到{c}，介绍了公司和{p}。', 'First visit to {co}; met {c} and introduced us and {p}.'],
  ['陌拜{co}，前台引荐到{c}，初步了解业务情况。', 'Cold visit to {co}; reception passed me to {c} for a first chat.'],
  ['扫楼时顺路拜访{co}，和{c}聊了十几分钟。', 'Swept the building and dropped in on {co}; about fifteen minutes with {c}.'],
  ['按预约拜访{co}，{c}对数字化管理比较关注。', 'Scheduled visit to {co}; {c} cares a lot about going digital.'],
  ['第一次见{c}，对方之前用过{comp}，体验一般。', 'First meeting with {c}; they used {comp} before and were not impressed.'],
  ['展会线索回访，到{co}拜访{c}。', 'Trade-show lead follow-up: visited {c} at {co}.'],
  ['老客户转介绍，到{co}拜访{c}，对方很客气。', 'Referral from a client; visited {c} at {co}, warm reception.'],
  ['拜访{co}，{c}临时开会，只聊了十分钟。', 'Visited {co}; {c} was pulled into a meeting, only ten minutes.']
]
const NEW_DETAIL: readonly Pair[] = [
  ['目前用Excel管理客户和订单，{n}人的团队协作很吃力。', 'They run customers and orders in Excel; painful for a team of {n}.'],
  ['每年IT预算约{amt}，今年计划扩招{k}人。', 'IT budget is about {amt} a year; they plan to hire {k} people this year.'],
  ['对方表示今年暂无预算，明年一季度再看。', 'No budget this year; they will look again in Q1.'],
  ['需求还不明确，主要想先看看同行业案例。', 'No clear need yet; mainly wants same-industry case studies.'],
  ['{c}对价格比较敏感，问有没有{pct}的活动。', '{c} is price-sensitive and asked whether we run {pct} promotions.'],
  ['现有系统是{comp}，合同{m}个月后到期。', 'They run {comp}; the contract ends in {m} months.'],
  ['有{k}个门店/网点，数据不打通是最大痛点。', 'They have {k} sites and disconnected data is the main pain.'],
  [
    '老板很重视销售过程管理，但中层执行不到位。',
    'The owner cares about sales process discipline; middle management does not follow through.'
  ],
  ['对方IT只有{k}个人，担心上线后没人维护。', 'Their IT team is {k} people; worried nobody will maintain it.'],
  ['客户刚换了办公地址，组织架构还在调整。', 'They just moved offices and are still reorganising.'],
  [
    '{c}说采购要走集团流程，需要先入供应商库。',
    '{c} says purchasing goes through group procurement; we must get on the vendor list first.'
  ],
  ['聊到回款周期，对方平均账期{m}个月。', 'Talked about collections; their average payment term is {m} months.']
]
const NEW_NEXT: readonly Pair[] = [
  ['下一步：{day}带同行业案例再次拜访。', 'Next: visit again {day} with a same-industry case.'],
  ['下一步：加微信，发送{p}资料。', 'Next: connect on WeChat and send the {p} brochure.'],
  ['下一步：请{c}引荐IT负责人。', 'Next: ask {c} to introduce the IT lead.'],
  ['下一步：{day}约线上演示。', 'Next: online demo {day}.'],
  ['下一步：发送报价区间，{day}电话跟进。', 'Next: send a price range and call {day}.'],
  ['暂不跟进，放入三个月后的回访计划。', 'Parking it; revisit in three months.'],
  ['下一步：邀请参加本月的客户沙龙。', 'Next: invite them to this month’s customer salon.']
]

const FU_OPEN: readonly Pair[] = [
  ['二次拜访{co}，和{c}深入沟通需求。', 'Second visit to {co}; went deeper into needs with {c}.'],
  ['带售前到{co}做需求调研，{c}全程参加。', 'Brought presales to {co} for discovery; {c} stayed throughout.'],
  ['回访{co}，{c}反馈上次演示效果不错。', 'Follow-up at {co}; {c} said the last demo landed well.'],
  ['拜访{c}，补充了解{co}的业务流程。', 'Met {c} to fill in how {co} runs its process.'],
  ['到{co}给{c}送方案初稿，逐页讲解。', 'Took the draft proposal to {c} at {co} and walked through it page by page.'],
  ['跟进{co}，{c}拉了财务和IT一起开会。', 'Follow-up at {co}; {c} brought finance and IT into the meeting.']
]
const FU_DETAIL: readonly Pair[] = [
  ['客户关注数据迁移，担心历史数据导不进来。', 'They worry the historical data won’t migrate.'],
  ['{c}要求{m}个月内上线，时间比较紧。', '{c} wants go-live within {m} months; tight.'],
  ['对方在同时比较{comp}，我们的优势是实施服务。', 'They are also looking at {comp}; our edge is implementation service.'],
  ['预算大约{amt}，需要总经理审批。', 'Budget is around {amt}; needs the GM’s approval.'],
  ['确认了决策链：{c}负责评估，老板拍板。', 'Decision chain confirmed: {c} evaluates, the owner decides.'],
  ['需求清单新增{k}项，其中两项需要定制开发。', '{k} new items on the requirement list; two need custom work.'],
  ['客户对移动端审批很感兴趣，现场演示了一遍。', 'They loved mobile approvals; demoed it on the spot.'],
  [
    '提到去年上过{comp}，项目失败，对实施比较谨慎。',
    'A {comp} project failed there last year, so they are wary of implementation.'
  ],
  ['{c}希望先试点一个部门，{k}个账号。', '{c} wants to pilot in one department with {k} seats.'],
  ['IT提出要私有化部署，需要评估成本。', 'IT asked for on-premise deployment; need to cost it.'],
  ['客户内部还有不同声音，运营部门比较抵触。', 'Opinions differ inside; operations is pushing back.'],
  ['对方询问付款方式，希望分{m}期。', 'They asked about paying in {m} instalments.']
]
const FU_NEXT: readonly Pair[] = [
  ['下一步：{day}提交修订版方案。', 'Next: revised proposal {day}.'],
  ['下一步：约决策人{day}做演示。', 'Next: demo for the decision maker {day}.'],
  ['下一步：安排参观标杆客户。', 'Next: arrange a reference-site visit.'],
  ['下一步：售前{day}出技术方案。', 'Next: presales delivers the technical design {day}.'],
  ['下一步：整理需求确认书给{c}签字。', 'Next: write up the requirement sign-off for {c}.'],
  ['下一步：{day}上午{time}再次拜访。', 'Next: visit again {day} at {time}.'],
  ['下一步：申请主管陪访，一起见老板。', 'Next: ask my manager to ride along and meet the owner.']
]

/** Follow-ups with existing clients (no open deal): service, usage, the next purchase. */
const CLIENT_OPEN: readonly Pair[] = [
  ['老客户回访，{c}对系统使用情况总体满意。', 'Client check-in; {c} is broadly happy with the system.'],
  ['回访{co}，了解上线后的使用情况。', 'Visited {co} to see how things run since go-live.'],
  ['到{co}做季度回访，{c}参加。', 'Quarterly review at {co} with {c}.'],
  ['拜访{c}，顺便送去新版本功能介绍。', 'Visited {c} and brought the new release notes.']
]
const CLIENT_DETAIL: readonly Pair[] = [
  ['一线员工反馈培训不够，希望再安排一次。', 'Front-line staff want another training session.'],
  ['报表功能用得很好，老板每周看数据。', 'The reports are used well; the owner reads them weekly.'],
  ['新开了{k}家门店/分公司，账号不够用。', 'They opened {k} new sites and are short of seats.'],
  ['对售后响应速度有意见，已反馈给服务部。', 'Unhappy with support response times; passed on to the service team.'],
  ['{c}提到集团其他子公司也有类似需求。', '{c} says other group companies have similar needs.'],
  ['续费时间在{m}个月后，客户倾向续签。', 'Renewal is due in {m} months; they lean towards renewing.']
]
const CLIENT_NEXT: readonly Pair[] = [
  ['下一步：安排实施顾问上门培训。', 'Next: send an implementation consultant to train them.'],
  ['下一步：报一版增购账号的价格。', 'Next: quote the extra seats.'],
  ['下一步：请{c}引荐兄弟公司负责人。', 'Next: ask {c} for an introduction to the sister company.'],
  ['下一步：{day}和客户成功经理一起回访。', 'Next: revisit {day} with the customer success manager.']
]

const CL_OPEN: readonly Pair[] = [
  ['到{co}谈合同，{c}和采购一起参加。', 'Contract meeting at {co}; {c} joined with purchasing.'],
  ['拿单拜访{co}，和{c}逐条过合同条款。', 'Closing visit to {co}; went through the contract with {c} clause by clause.'],
  ['跟{c}谈价格，对方压价到{pct}。', 'Price talk with {c}; they pushed for {pct}.'],
  ['拜访{co}催合同盖章，{c}说法务还在审。', 'Visited {co} to chase the signature; {c} says legal is still reviewing.'],
  ['到{co}送正式报价，{c}当场提了几个问题。', 'Delivered the formal quote at {co}; {c} had questions on the spot.'],
  ['和{c}确认最终方案和报价，基本没有异议。', 'Confirmed final scope and price with {c}; no real objections.'],
  ['拜访{co}催首付款，{c}答应本周走流程。', 'Visited {co} about the first payment; {c} will start the process this week.']
]
const CL_DETAIL: readonly Pair[] = [
  ['客户要求{pct}，我方最多给到95折加两天培训。', 'They want {pct}; the most we can do is 5% off plus two training days.'],
  ['{comp}报价比我们低{k}%，客户拿来压价。', '{comp} came in {k}% lower and they are using it as leverage.'],
  ['付款条件谈成3-6-1，首付30%。', 'Payment terms agreed 30/60/10, 30% up front.'],
  ['合同金额约{amt}，需要董事会签字。', 'Contract about {amt}; needs the board’s signature.'],
  ['客户担心交付周期，我们承诺{m}个月上线。', 'They worry about delivery; we committed to go-live in {m} months.'],
  ['法务对违约条款有意见，需要我方法务回复。', 'Their legal objects to the penalty clause; our legal must answer.'],
  ['采购要求再降价，否则要走比价流程。', 'Purchasing wants another cut or they will run a price comparison.'],
  ['老板口头同意，等下周一例会拍板。', 'The owner agreed verbally; final decision at Monday’s meeting.'],
  ['预算今年只剩{amt}，剩余部分放到明年。', 'Only {amt} left in this year’s budget; the rest moves to next year.'],
  ['对方希望先签框架协议，分期下单。', 'They want a framework agreement first, ordering in phases.']
]
const CL_NEXT: readonly Pair[] = [
  ['下一步：{day}发最终版合同。', 'Next: final contract {day}.'],
  ['下一步：申请特价审批，{day}答复客户。', 'Next: request a special price approval and answer {day}.'],
  ['下一步：约{c}和我方总监{day}见面。', 'Next: {c} meets our director {day}.'],
  ['下一步：跟进用印进度，争取月底前签约。', 'Next: chase the signature; aim to sign before month end.'],
  ['下一步：准备交付计划，打消客户顾虑。', 'Next: prepare the delivery plan to settle their concerns.'],
  ['下一步：{day}{time}带合同上门。', 'Next: bring the contract in person {day} at {time}.']
]

const VISIT_LABEL: Record<'new' | 'follow_up' | 'closing', Pair> = {
  new: ['新客户拜访', 'New-customer visit'],
  follow_up: ['跟进拜访', 'Follow-up visit'],
  closing: ['拿单拜访', 'Closing visit']
}

/** `client`: a follow-up visit to a customer who already bought and has no open deal. */
export function visitNote(
  rng: Rng,
  L: L,
  kind: 'new' | 'follow_up' | 'closing',
  ctx: NoteContext,
  client = false
): { subject: string; body: string } {
  const parts =
    kind === 'new'
      ? [NEW_OPEN, NEW_DETAIL, NEW_NEXT]
      : kind === 'closing'
        ? [CL_OPEN, CL_DETAIL, CL_NEXT]
        : client
          ? [CLIENT_OPEN, CLIENT_DETAIL, CLIENT_NEXT]
          : [FU_OPEN, FU_DETAIL, FU_NEXT]
  return { subject: `${VISIT_LABEL[kind][L]}${L === 0 ? '：' : ': '}${ctx.co}`, body: compose(rng, L, ctx, parts) }
}

export function plannedVisitSubject(L: L, kind: 'new' | 'follow_up' | 'closing', co: string): string {
  return `${VISIT_LABEL[kind][L]}${L === 0 ? '：' : ': '}${co}`
}

/** The "phone call logged as a visit" pattern: the text gives the call away. */
const PHONE_AS_VISIT: readonly Pair[] = [
  ['电话沟通：{c}说这周在外地出差，下周回来再约。', 'Phone call: {c} is travelling this week, will set a time next week.'],
  ['电话里和{c}确认了报价，客户还在内部走流程。', 'Confirmed the quote with {c} over the phone; still in internal approval.'],
  ['打电话给{c}，对方说方案还在看，{day}再联系。', 'Called {c}; still reading the proposal, talk again {day}.'],
  ['电话回访{c}，客户表示暂时没有新需求。', 'Phoned {c} for a check-in; no new needs for now.']
]
export function phoneAsVisitNote(rng: Rng, L: L, ctx: NoteContext): string {
  return compose(rng, L, ctx, [PHONE_AS_VISIT])
}

/** Copy-paste notes some reps reuse word for word. */
export const CANNED_NOTES: readonly Pair[] = [
  [
    '拜访客户，沟通顺利，客户有意向，下次继续跟进。',
    'Visited the customer, good conversation, they are interested, will follow up.'
  ],
  ['和客户沟通了产品，客户比较认可，等待反馈。', 'Went through the product with the customer; positive, waiting for feedback.'],
  ['客户在考虑中，保持联系。', 'Customer is considering; keeping in touch.'],
  ['拜访客户，介绍产品，客户表示会考虑。', 'Visited the customer and presented the product; they will think about it.'],
  ['与客户沟通需求，客户有兴趣，后续跟进。', 'Discussed needs with the customer; interested, will follow up.'],
  ['常规拜访，维护客户关系。', 'Routine visit to maintain the relationship.']
]

const CALL_OK: readonly Pair[] = [
  ['电话跟进{c}，确认{day}{time}的拜访。', 'Called {c} to confirm the visit {day} at {time}.'],
  ['和{c}电话沟通报价细节，对方希望再给{pct}。', 'Went over the quote with {c}; they asked for {pct}.'],
  ['电话邀约{c}参加产品演示，对方答应{day}。', 'Invited {c} to a demo; they said yes for {day}.'],
  ['{c}来电询问实施周期，解释了{m}个月的计划。', '{c} called about the rollout; explained the {m}-month plan.'],
  ['电话询问{co}内部审批进度，{c}说还在走流程。', 'Asked {co} about their internal approval; {c} says it is still in process.'],
  ['电话沟通需求，{c}补充了{k}个功能点。', 'Needs call; {c} added {k} feature requests.'],
  ['电话沟通演示反馈，{c}对报表功能印象深刻。', 'Demo feedback call; {c} was impressed by the reports.'],
  ['约{c}见面，对方说{day}下午有空。', 'Asked {c} to meet; they have an afternoon free {day}.']
]
const CALL_MISSED: readonly Pair[] = [
  ['未接通', 'No answer'],
  ['占线，稍后再拨', 'Line busy, will call back'],
  ['关机', 'Phone switched off'],
  ['对方挂断', 'Declined the call'],
  ['前台说{c}在开会', 'Reception says {c} is in a meeting']
]
export function callNote(rng: Rng, L: L, connected: boolean, ctx: NoteContext): string {
  return compose(rng, L, ctx, [connected ? CALL_OK : CALL_MISSED])
}

const WECHAT: readonly Pair[] = [
  ['微信发送了{p}的产品介绍和同行案例。', 'Sent the {p} brochure and peer cases on WeChat.'],
  ['微信确认{day}{time}拜访，{c}回复OK。', 'Confirmed {day} {time} on WeChat; {c} replied OK.'],
  ['{c}微信发来需求清单，共{k}项。', '{c} sent a requirement list on WeChat, {k} items.'],
  ['微信把报价单发给{c}，对方说要内部讨论。', 'Sent the quote to {c} on WeChat; they will discuss internally.'],
  ['节日问候，顺便提醒{c}方案反馈。', 'Holiday greeting, with a nudge about the proposal.'],
  ['微信群里回答了IT的{k}个技术问题。', 'Answered {k} technical questions from IT in the WeChat group.'],
  [
    '{c}朋友圈提到在招销售，私信聊了聊管理痛点。',
    '{c} posted about hiring salespeople; chatted privately about management pains.'
  ]
]
export function wechatNote(rng: Rng, L: L, ctx: NoteContext): string {
  return compose(rng, L, ctx, [WECHAT])
}

const SMS: readonly Pair[] = [
  ['短信提醒{c}明天{time}的拜访。', 'SMS reminder to {c} about tomorrow at {time}.'],
  ['短信发送演示会议链接。', 'Texted the demo meeting link.'],
  ['短信感谢{c}今天抽时间见面。', 'Texted {c} thanks for their time today.']
]
export function smsNote(rng: Rng, L: L, ctx: NoteContext): string {
  return compose(rng, L, ctx, [SMS])
}

const EMAIL_SUBJECT: readonly Pair[] = [
  ['{co} {p} 报价单', 'Quote for {p} – {co}'],
  ['会议纪要：{co}需求沟通', 'Minutes: requirements meeting with {co}'],
  ['{p} 方案及案例资料', '{p} proposal and case studies'],
  ['{co} 合同草稿（请审阅）', 'Draft contract for {co} (please review)'],
  ['演示会议邀请：{day} {time}', 'Demo invitation: {day} {time}'],
  ['{co} 实施计划初稿', 'Draft implementation plan for {co}']
]
export function emailSubject(rng: Rng, L: L, ctx: NoteContext): string {
  return compose(rng, L, ctx, [EMAIL_SUBJECT])
}

const TASK: readonly Pair[] = [
  ['整理{co}的需求清单', 'Write up the requirement list for {co}'],
  ['给{co}准备ROI测算表', 'Prepare the ROI model for {co}'],
  ['申请{co}的特价审批', 'Request special pricing for {co}'],
  ['约{c}{day}见面', 'Book a meeting with {c} {day}'],
  ['更新{co}的决策链信息', 'Update the decision chain for {co}']
]
export function taskNote(rng: Rng, L: L, ctx: NoteContext): string {
  return compose(rng, L, ctx, [TASK])
}

const MANAGER_NOTE: readonly Pair[] = [
  ['这个客户要抓紧，{c}下月可能调岗。', 'Move fast here: {c} may change roles next month.'],
  [
    '和{comp}正面竞争，价格不要轻易让，先讲实施价值。',
    'Head to head with {comp}: hold the price, sell implementation value first.'
  ],
  ['周会讨论：本单需要大单智囊团支持。', 'Weekly review: this deal needs the big-deal team.'],
  ['提醒：合同条款需法务提前介入。', 'Reminder: legal must see the terms early.'],
  ['客户老板是我老朋友，可以安排高层拜访。', 'I know the owner personally; can set up an executive visit.']
]
export function managerNote(rng: Rng, L: L, ctx: NoteContext): string {
  return compose(rng, L, ctx, [MANAGER_NOTE])
}

const OBJECTIVE: readonly Pair[] = [
  ['确认预算和决策流程', 'Confirm budget and the decision process'],
  ['见到经济决策人，建立信任', 'Meet the economic buyer and build trust'],
  ['拿到需求确认书签字', 'Get the requirement sign-off'],
  ['推动报价进入审批', 'Move the quote into approval'],
  ['处理价格异议，守住折扣底线', 'Handle the price objection without going below the floor'],
  ['约定下次演示时间', 'Book the next demo']
]
const LOGIC: readonly Pair[] = [
  [
    '先回顾上次沟通要点，再用同行案例引出ROI，最后约下次见面。',
    'Recap the last meeting, use a peer case to get to ROI, then book the next meeting.'
  ],
  [
    '先问业务现状和目标，再介绍产品，避免一上来就讲功能。',
    'Ask about the business and goals first, product second; no feature dump up front.'
  ],
  ['从{comp}的短板切入，强调实施和服务。', 'Open on {comp}’s weak spots; stress implementation and service.'],
  ['先确认上次遗留问题已解决，再推进合同。', 'Confirm the open issues are closed, then push the contract.']
]
const NEEDS: readonly Pair[] = [
  ['客户希望{m}个月内上线，最关心数据迁移。', 'Wants go-live within {m} months; data migration is the worry.'],
  ['老板想看到销售过程数据，而不只是结果。', 'The owner wants sales process data, not just results.'],
  ['财务要求分{m}期付款。', 'Finance wants {m} instalments.'],
  ['IT关心系统能否和现有{comp}对接。', 'IT cares about integrating with their {comp} system.'],
  ['门店/网点之间数据要打通，共{k}个点。', 'Data must flow between their {k} sites.']
]
const IMPRESSION: readonly Pair[] = [
  ['专业、响应快', 'Professional and responsive'],
  ['对行业理解深，案例有说服力', 'Knows the industry; the cases convinced them'],
  ['准备充分，但报价偏高', 'Well prepared, but priced high'],
  ['比{comp}更懂他们的业务', 'Understands their business better than {comp}'],
  ['态度诚恳，愿意一起把项目做成', 'Sincere and committed to making it work']
]

export function behaviourSheet(
  rng: Rng,
  L: L,
  ctx: NoteContext,
  done: boolean
): {
  objective: string
  conversationLogic: string
  needsUncovered?: string
  impressionLeft?: string
} {
  const s = slots(rng, L, ctx)
  const objective = fill(rng.pick(OBJECTIVE)[L], s)
  const conversationLogic = fill(rng.pick(LOGIC)[L], s)
  const needs = fill(rng.pick(NEEDS)[L], s)
  const impression = fill(rng.pick(IMPRESSION)[L], s)
  return done
    ? { objective, conversationLogic, needsUncovered: needs, impressionLeft: impression }
    : { objective, conversationLogic }
}

const ROLE_PLAY: readonly Pair[] = [
  ['角色扮演：客户说“太贵了”', 'Role-play: the customer says “too expensive”'],
  ['角色扮演：如何约见决策人', 'Role-play: getting a meeting with the decision maker'],
  ['角色扮演：应对{comp}的比较', 'Role-play: answering a comparison with {comp}'],
  ['角色扮演：陌拜开场白', 'Role-play: the cold-visit opening'],
  ['角色扮演：催合同不催跑客户', 'Role-play: chasing the contract without losing the customer']
]
const ROLE_PLAY_BODY: readonly Pair[] = [
  ['主管扮演{co}的{c}，练习三轮，第二轮明显更自然。', 'Manager played {c} of {co}; three rounds, the second much more natural.'],
  ['为明天拜访{co}做准备，重点练习价格异议处理。', 'Preparing tomorrow’s visit to {co}; focused on the price objection.'],
  [
    '我说你听、我做你看：主管先示范，再让销售复述。',
    'I tell, you listen; I do, you watch: the manager showed it, then the rep repeated it.'
  ],
  [
    '你做我看：销售独立完成开场和需求提问，主管点评。',
    'You do, I watch: the rep ran the opening and needs questions alone; manager gave feedback.'
  ]
]
export function rolePlayNote(rng: Rng, L: L, ctx: NoteContext): { subject: string; body: string } {
  const s = slots(rng, L, ctx)
  return { subject: fill(rng.pick(ROLE_PLAY)[L], s), body: fill(rng.pick(ROLE_PLAY_BODY)[L], s) }
}

const COACHING: readonly Pair[] = [
  [
    '复盘{co}的拜访：开场太急，没有先确认对方时间；建议先问业务现状再介绍产品。',
    'Review of the {co} visit: rushed opening without checking their time; ask about the business before pitching.'
  ],
  ['这次拜访没有找到决策人，下次请{c}引荐老板。', 'No decision maker this time; ask {c} to introduce the owner next.'],
  ['价格让得太快，{pct}需要换来付款条件的改善。', 'Gave the discount too fast; {pct} should buy better payment terms.'],
  [
    '需求挖掘做得好，追问了三层原因，值得在晚分享里讲。',
    'Good discovery: asked why three levels deep; share it at the evening review.'
  ],
  ['跟进记录太简单，写清楚客户原话和下一步。', 'Notes too thin: write the customer’s own words and the next step.'],
  ['本周拜访量不足，新客户拜访只完成一半。', 'Visits short this week; only half the new-customer visits done.'],
  ['竞品{comp}的应对不错，把话术整理给团队。', 'Good handling of {comp}; write the talk track up for the team.']
]
export function coachingNote(rng: Rng, L: L, ctx: NoteContext): string {
  return compose(rng, L, ctx, [COACHING])
}

const NEXT_STEP: readonly Pair[] = [
  ['{day}提交修订版报价', 'Send the revised quote {day}'],
  ['约{c}{day}做产品演示', 'Demo for {c} {day}'],
  ['推动法务审核合同', 'Push legal review of the contract'],
  ['确认采购流程和付款节点', 'Confirm purchasing steps and payment milestones'],
  ['邀请{c}参观标杆客户', 'Invite {c} to a reference site'],
  ['{day}带售前上门做需求调研', 'Bring presales for discovery {day}'],
  ['申请特价审批后答复客户', 'Answer after the special-price approval'],
  ['约老板{day}{time}面谈', 'Meet the owner {day} at {time}'],
  ['整理需求确认书给{c}签字', 'Get {c} to sign the requirement summary'],
  ['催首付款，跟进开票信息', 'Chase the first payment and invoicing details']
]
export function nextStepText(rng: Rng, L: L, ctx: NoteContext): string {
  return compose(rng, L, ctx, [NEXT_STEP])
}

const SKIP_REASON: readonly Pair[] = [
  ['客户预算已提前批复，直接进入下一阶段', 'Budget was pre-approved, so we moved straight on'],
  ['老客户转介绍，需求和决策人已明确', 'Referral from a client; need and decision maker already clear'],
  ['客户主动发来招标文件', 'The customer sent the tender documents unprompted'],
  ['集团统一采购，决策链已在总部确认', 'Group procurement; decision chain confirmed at HQ']
]
export function skipReason(rng: Rng, L: L): string {
  return rng.pick(SKIP_REASON)[L]
}

const RUSH_REASON: readonly Pair[] = [
  ['客户催得急，先推进，里程碑后补', 'Customer is in a hurry; moving on and filling in milestones later'],
  ['月底冲业绩，先提交报价', 'Month-end push; sending the quote first']
]
export function rushReason(rng: Rng, L: L): string {
  return rng.pick(RUSH_REASON)[L]
}

const LOST_REVIEW: readonly Pair[] = [
  [
    '输单复盘：{comp}报价低了{k}%，我们没有及早见到老板。',
    'Loss review: {comp} was {k}% cheaper and we never met the owner early.'
  ],
  ['输单复盘：客户预算被砍，项目推迟到明年。', 'Loss review: budget cut, project pushed to next year.'],
  ['输单复盘：需求挖掘不足，方案没打中痛点。', 'Loss review: discovery was shallow; the proposal missed the pain.'],
  ['输单复盘：联系人离职，新负责人倾向{comp}。', 'Loss review: our contact left and the new lead favours {comp}.']
]
export function lostReview(rng: Rng, L: L, ctx: NoteContext): string {
  return compose(rng, L, ctx, [LOST_REVIEW])
}

export const TEXT = {
  requirement: ['需求确认：{p}', 'Requirements: {p}'],
  proposal: ['方案：{co} {p}', 'Proposal: {p} for {co}'],
  quote: ['报价单：{co} {p}', 'Quote: {p} for {co}'],
  contract: ['合同：{co} {p}', 'Contract: {p} for {co}'],
  payment: ['回款：{co}', 'Payment received: {co}'],
  delivery: ['交付启动：{co} {p}', 'Delivery kick-off: {p} for {co}'],
  closeDate: ['预计成交日调整', 'Expected close date moved'],
  amount: ['金额调整：客户要求折扣', 'Amount changed: customer asked for a discount'],
  amountUp: ['金额调整：增加模块', 'Amount changed: modules added'],
  bigDeal: ['标记为大单，成立作战室', 'Flagged as a big deal; war room opened'],
  ownerChange: ['负责人离职，客户移交', 'Owner left; account handed over'],
  poolReclaim: ['超过30天未拜访，自动回收至公海', 'No visit for 30 days; returned to the pool'],
  poolLeave: ['负责人离职，客户退回公海', 'Owner left; customer returned to the pool'],
  poolLead: ['展会线索导入公海', 'Trade-show lead imported into the pool'],
  poolClaim: ['从公海认领客户', 'Claimed from the pool']
} as const satisfies Record<string, Pair>

export function textOf(key: keyof typeof TEXT, L: L, ctx?: Partial<NoteContext>): string {
  const tpl = TEXT[key][L]
  return tpl.replace('{p}', ctx?.product ?? '').replace('{co}', ctx?.co ?? '')
}
