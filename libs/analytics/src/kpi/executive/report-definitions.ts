import { type KpiId } from '../shared';

/**
 * What the executive trend report adds to the KPIs of `kpi-definitions.ts`, defined once: the API docs
 * and the page show these labels and formulas, and `executive-report.sql.ts` implements exactly them.
 * The KPIs themselves keep their weekly definitions, read over the report period instead of the week.
 */
export type ReportDefinitionId =
  | 'executive'
  | 'executive.satisfied'
  | 'executive.volumeSeries'
  | 'executive.topCauses'
  | 'executive.correctiveActions';

export type ReportDefinition = Readonly<{
  id: ReportDefinitionId;
  label: Readonly<{ 'zh-CN': string; en: string }>;
  formula: Readonly<{ 'zh-CN': string; en: string }>;
}>;

/** Whether a headline KPI is a count or a rate: it decides how its change is given. */
export type HeadlineUnit = 'count' | 'rate';

/**
 * The headline KPIs of the executive report, in the order the report shows them, each with the KPI
 * definition it reads over the period.
 */
export const EXECUTIVE_HEADLINE_KPIS = {
  volume: { unit: 'count', definedBy: 'volume' },
  abnormal: { unit: 'count', definedBy: 'abnormal' },
  timeliness: { unit: 'rate', definedBy: 'timeliness' },
  interimReplies: { unit: 'count', definedBy: 'interimReplies' },
  overdueOpen: { unit: 'count', definedBy: 'overdueOpen' },
  escalation: { unit: 'rate', definedBy: 'escalation' },
  firstContactResolution: { unit: 'rate', definedBy: 'firstContactResolution' },
  reopen: { unit: 'rate', definedBy: 'reopen' },
  repeatCustomer: { unit: 'rate', definedBy: 'repeatCustomer' },
  followUps: { unit: 'count', definedBy: 'followUpRate' },
  followUpRate: { unit: 'rate', definedBy: 'followUpRate' },
  satisfied: { unit: 'rate', definedBy: 'satisfaction' },
} as const satisfies Record<string, { unit: HeadlineUnit; definedBy: KpiId }>;

export type HeadlineKpiId = keyof typeof EXECUTIVE_HEADLINE_KPIS;
export const HEADLINE_KPI_IDS = Object.keys(EXECUTIVE_HEADLINE_KPIS) as HeadlineKpiId[];

/** How many root causes the report ranks. */
export const TOP_CAUSES = 10;

export const REPORT_DEFINITIONS: Readonly<Record<ReportDefinitionId, ReportDefinition>> = {
  executive: {
    id: 'executive',
    label: { 'zh-CN': '管理层趋势报告', en: 'Executive trend report' },
    formula: {
      'zh-CN':
        '报告期为报告时区内的一个月（YYYY-MM）、季度（YYYY-Qn）、半年（YYYY-Hn）或年度（YYYY），自首日零时至次一期首日零时。' +
        '各指标按周报口径计算，“本周”读作“本期”：投诉量、非正常投诉、按时答复率、阶段性答复次数、期末超时未结投诉、升级率、首问解决率、重开率、重复投诉客户率、回访数、回访率、结果满意占比。' +
        '每项给出本期、上期（环比）与上年同期（同比）的值：计数给出差值及增幅（差值 ÷ 比较期的值，比较期为0时不给）；' +
        '比率给出差值（百分点，0.05 即5个百分点）及比率本身的相对变化（比较期比率为0或无分母时不给）。' +
        '计数、分子与分母按业务线、按单位可相加；按分期相加的只有按单一时点计的（投诉量、答复、升级、回访、原因等），结案类（一件投诉在期内多次结案只计一次）和期末超时未结数不可',
      en:
        'The report period is a month (YYYY-MM), quarter (YYYY-Qn), half-year (YYYY-Hn) or year (YYYY) in the reporting time zone, from local midnight of its first day to local midnight of the first day after it. ' +
        "Each KPI keeps the weekly pack's definition with 'the week' read as 'the period': volume, abnormal complaints, on-time final replies, interim replies, overdue open complaints at the end of the period, escalation, first-contact resolution, reopen, repeat customers, follow-ups, follow-up rate and the share of satisfied results. " +
        'Each is given for the period, the period just before (period-over-period) and the same period a year earlier (year-over-year; for a year both are the year before). ' +
        'A count changes by its difference and its relative change (difference ÷ the earlier value, none when that is 0); ' +
        'a rate changes by its difference in rate points (0.05 = 5 points) and the relative change of the rate (none when the earlier rate is 0 or has no denominator). ' +
        "Counts, numerators and denominators add up over business lines and org units; over a period's parts only those dated by one instant each (volume, replies, escalations, follow-ups, causes…) add up, not closures (a complaint closed twice in the period counts once) nor the overdue count at the end",
    },
  },
  'executive.satisfied': {
    id: 'executive.satisfied',
    label: { 'zh-CN': '结果满意占比', en: 'Satisfied with the result' },
    formula: {
      'zh-CN': '本期记录的回访中，对处理结果回答“满意”的占比',
      en: "Of follow-ups recorded in the period, the share whose answer about the result was 'satisfied'",
    },
  },
  'executive.volumeSeries': {
    id: 'executive.volumeSeries',
    label: { 'zh-CN': '分期投诉量', en: 'Volume by sub-period' },
    formula: {
      'zh-CN':
        '季度、半年、年度按月，月度按与该月重叠的ISO周（首尾两周截至月内，可能不满7天）计算投诉量，本期与上年同期各一列；各分期之和等于该期投诉量',
      en: 'The volume of each month of a quarter, half-year or year, or of each ISO week overlapping a month (clipped to the month, so the first and last may be shorter than 7 days), for the period and for the same period a year earlier; the parts add up to the period',
    },
  },
  'executive.topCauses': {
    id: 'executive.topCauses',
    label: { 'zh-CN': '主要原因', en: 'Top causes' },
    formula: {
      'zh-CN': `本期受理投诉的有效原因（原因类别/原因代码/责任单位）中件数最多的${TOP_CAUSES}项：件数、占本期全部有效原因的比例，及其在上期与上年同期的件数和差值`,
      en: `The ${TOP_CAUSES} active causes (family/cause code/responsible unit) most attributed to complaints registered in the period: count, share of all the period's active causes, and their counts in the previous period and a year earlier with the differences`,
    },
  },
  'executive.correctiveActions': {
    id: 'executive.correctiveActions',
    label: { 'zh-CN': '整改措施（期末）', en: 'Corrective actions at the end of the period' },
    formula: {
      'zh-CN':
        '期末前提出的措施按期末时的状态计数（已提出、已开始、已完成、已验证）；期末已过期限仍未完成的措施数；本期完成的措施数（其中逾期完成数）；本期验证为有效、无效的措施数。按业务线及措施涉及的单位筛选（涉及多个单位的措施在每个单位下各计一次）',
      en: 'Measures proposed before the end of the period, by the status they had at its end (proposed, started, completed, verified); measures past their due date and not completed at the end; measures completed in the period (of which late); measures verified in the period as effective and as not effective. Filtered by business line and by the org units a measure names (a measure naming several counts under each)',
    },
  },
};
