/**
 * The weekly quality-analysis pack's KPIs, defined once: the API docs and the page show these labels
 * and formulas, and `weekly-pack.sql.ts` implements exactly them.
 *
 * Shared terms used in the formulas:
 * - week: an ISO week `[Monday 00:00, next Monday 00:00)` in the reporting time zone;
 * - counted complaints: complaints of the filtered business line / org unit (receiving unit) that are
 *   neither merged into another complaint (the surviving one counts once) nor flagged abnormal;
 *   abnormal and merged state is the complaint's current state;
 * - registered / replied / closed / recorded in the week: the instant the fact happened lies in the week.
 *
 * Every count, numerator and denominator adds up: the five business lines make every line, the org units
 * of a line make the line (corrective actions: see theirs). Where a definition could go two ways, its
 * text says which way it goes.
 */
export type KpiId =
  | 'volume'
  | 'abnormal'
  | 'breakdowns'
  | 'timeliness'
  | 'interimReplies'
  | 'overdueOpen'
  | 'escalation'
  | 'firstContactResolution'
  | 'reopen'
  | 'repeatCustomer'
  | 'satisfaction'
  | 'followUpRate'
  | 'rootCausePareto'
  | 'correctiveActions'
  | 'sinceLastMeeting';

export type KpiDefinition = Readonly<{
  id: KpiId;
  label: Readonly<{ 'zh-CN': string; en: string }>;
  formula: Readonly<{ 'zh-CN': string; en: string }>;
}>;

export const OVERDUE_AGE_BUCKETS = ['0-2', '3-7', '8-14', '15-30', '31+'] as const;
export type OverdueAgeBucket = (typeof OVERDUE_AGE_BUCKETS)[number];

export const KPI_DEFINITIONS: Readonly<Record<KpiId, KpiDefinition>> = {
  volume: {
    id: 'volume',
    label: { 'zh-CN': '投诉量', en: 'Complaint volume' },
    formula: {
      'zh-CN':
        '本周受理的计数投诉数（合并的重复投诉只计存续的一件，非正常投诉另计）；与上周之差及增幅，与前4周均值之差及增幅',
      en: 'Counted complaints registered in the week (a merged duplicate counts once, as its surviving complaint; abnormal ones are shown apart); change vs the previous week and vs the mean of the 4 weeks before, as a difference and a relative change',
    },
  },
  abnormal: {
    id: 'abnormal',
    label: { 'zh-CN': '非正常投诉', en: 'Abnormal complaints' },
    formula: {
      'zh-CN': '本周受理、未被合并且被标记为非正常的投诉数；不计入任何比率',
      en: 'Complaints registered in the week, not merged, flagged abnormal; left out of every rate',
    },
  },
  breakdowns: {
    id: 'breakdowns',
    label: { 'zh-CN': '投诉量分布', en: 'Volume breakdowns' },
    formula: {
      'zh-CN': '本周投诉量按渠道、类型、轻重程度、责任、受理单位分组计数；未分类记为 unclassified',
      en: "The week's volume counted by channel, category, severity, responsibility and receiving org unit; not yet classified shows as 'unclassified'",
    },
  },
  timeliness: {
    id: 'timeliness',
    label: { 'zh-CN': '按时答复率', en: 'On-time final replies' },
    formula: {
      'zh-CN': '本周发出的最终答复中，答复时间不晚于当时有效答复时限的占比（每次最终答复计一次）',
      en: 'Of final replies sent in the week, the share sent no later than the reply deadline in force at that moment (each final reply counts once; the deadline is the one recorded on the reply event)',
    },
  },
  interimReplies: {
    id: 'interimReplies',
    label: { 'zh-CN': '阶段性答复次数', en: 'Interim replies' },
    formula: {
      'zh-CN': '本周发出的阶段性答复（告知进展及下一时限）次数',
      en: 'Interim replies (status and next deadline told to the customer) sent in the week',
    },
  },
  overdueOpen: {
    id: 'overdueOpen',
    label: { 'zh-CN': '超时未结投诉', en: 'Overdue open complaints' },
    formula: {
      'zh-CN':
        '周末时仍待最终答复且当时有效答复时限已过的投诉，按受理至周末的天数分组：0–2、3–7、8–14、15–30、30天以上',
      en: 'Complaints awaiting their final reply at the end of the week (acknowledged, not replied, closed, withdrawn or merged since) whose reply deadline in force had passed, by whole days from registration to the end of the week: 0–2, 3–7, 8–14, 15–30, over 30',
    },
  },
  escalation: {
    id: 'escalation',
    label: { 'zh-CN': '升级率', en: 'Escalation rate' },
    formula: {
      'zh-CN': '本周受理的投诉中至少升级过一次的件数 ÷ 投诉量；并按达到的最高层级计数',
      en: 'Complaints registered in the week escalated at least once ÷ volume; and their counts by the highest level reached',
    },
  },
  firstContactResolution: {
    id: 'firstContactResolution',
    label: { 'zh-CN': '首问解决率', en: 'First-contact resolution' },
    formula: {
      'zh-CN':
        '本周结案的投诉（本周内多次结案的只计一次）中，受理确认时即时答复、且（截至目前）从未派单、升级或重开的占比',
      en: 'Of complaints closed in the week (each once, however often it was closed in the week), the share acknowledged with an immediate reply and never (up to now) dispatched, escalated or reopened',
    },
  },
  reopen: {
    id: 'reopen',
    label: { 'zh-CN': '重开率', en: 'Reopen rate' },
    formula: {
      'zh-CN':
        '本周结案的投诉（每件只计一次）中，在本周最后一次结案之后（截至目前）被重开的占比。结案按投诉计：在两周各结案一次的投诉在每周各计一次，在包含这两周的报告期内只计一次',
      en: 'Of complaints closed in the week (each once), the share reopened after its last closure in the week (up to now). Closures count complaints: one closed in two weeks counts in each week, and once in a period holding both',
    },
  },
  repeatCustomer: {
    id: 'repeatCustomer',
    label: { 'zh-CN': '重复投诉客户率', en: 'Repeat-customer rate' },
    formula: {
      'zh-CN':
        '本周受理的投诉中，同一客户在其受理前30天内在同一业务线有另一件同类型计数投诉的件数 ÷ 投诉量。' +
        '此前那件可由任一单位受理（按受理单位筛选时亦然；限定单位范围的报告只看范围内单位受理的投诉）；' +
        '非正常投诉和被合并的重复投诉不构成重复；类型按当前分类，未分类的投诉不算重复。' +
        '按投诉件数而非客户数计，故各业务线、各单位之和等于总数',
      en:
        'Complaints registered in the week whose customer had another counted complaint of the same category in the same business line, registered in the 30 days before it ÷ volume. ' +
        'The earlier one may have been received by any org unit (also under an org-unit filter; a report restricted to some org units sees only their complaints); ' +
        'abnormal complaints and merged duplicates never make a repeat; categories are the current ones, and an unclassified complaint is no repeat. ' +
        'It counts complaints, not customers, so the business lines and org units add up to the whole',
    },
  },
  satisfaction: {
    id: 'satisfaction',
    label: { 'zh-CN': '回访满意度', en: 'Follow-up satisfaction' },
    formula: {
      'zh-CN':
        '本周记录的回访中，四个问题（结果满意度、处理及时性、服务态度、是否再次使用）各答案的件数与占比',
      en: 'Of follow-ups recorded in the week, the count and share of each answer to the four questions (result, timeliness, attitude, would reuse)',
    },
  },
  followUpRate: {
    id: 'followUpRate',
    label: { 'zh-CN': '回访率', en: 'Follow-up rate' },
    formula: {
      'zh-CN': '本周记录的回访数 ÷ 本周结案的投诉数。并非占比：此前各周结案投诉的回访也计入，故可大于1',
      en: 'Follow-ups recorded in the week ÷ complaints closed in the week. Not a share: follow-ups of complaints closed in earlier weeks count too, so it can exceed 1',
    },
  },
  rootCausePareto: {
    id: 'rootCausePareto',
    label: { 'zh-CN': '原因排列图', en: 'Root-cause Pareto' },
    formula: {
      'zh-CN':
        '本周受理投诉的有效原因，按原因代码（含原因类别与责任单位）计数、占比、累计占比（按件数降序），及与上周之差',
      en: 'Active causes attributed to complaints registered in the week, by cause code (with its family and responsible unit): count, share, cumulative share in descending count order, and change vs the previous week',
    },
  },
  correctiveActions: {
    id: 'correctiveActions',
    label: { 'zh-CN': '整改措施', en: 'Corrective actions' },
    formula: {
      'zh-CN':
        '本周到期的措施数；周末时已过期限仍未完成的措施数；本周完成的措施数（其中逾期完成数）。每项已验证的措施：其原因代码在其责任单位的投诉原因数，开始前4周与完成后4周的周均值及变化。按单位筛选时计涉及该单位的措施：涉及多个单位的措施在每个单位下各计一次，故只有各涉及一个单位的措施可按单位相加',
      en: 'Measures due in the week; measures past their due date and not completed at the end of the week; measures completed in the week (of which late). For each verified measure: the weekly mean count of its cause codes at its responsible units (active causes of counted complaints of its business line) over the 4 weeks before it started vs the 4 weeks after it was completed, and the change. Under an org-unit filter, the measures naming that unit: a measure naming several units counts under each, so measures add up over org units only where each names one',
    },
  },
  sinceLastMeeting: {
    id: 'sinceLastMeeting',
    label: { 'zh-CN': '上次质量分析会以来的措施', en: 'Measures since the last meeting' },
    formula: {
      'zh-CN':
        '自本业务线（按单位筛选时：涉及该单位）最近一次在本周结束前召开的质量分析会起，至本周结束：期间到期的措施；本周结束时已过期限仍未完成的措施；期间验证的措施及其原因在开始前4周与完成后4周的周均值及变化（同“整改措施”）。未开过会时自最早算起',
      en: 'From the last quality meeting of the business line held before the end of the week (under an org-unit filter: one covering that unit) to the end of the week: the measures due in that window; the measures past their due date and not completed at its end; the measures verified in it, each with its causes’ weekly mean over the 4 weeks before it started vs the 4 weeks after it was completed, and the change (as in corrective actions). With no meeting yet, from the beginning',
    },
  },
};
