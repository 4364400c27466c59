/**
 * Root-cause trends, defined once: the API docs and the page show these labels and formulas, and
 * `trends.sql.ts` implements exactly them with the numbers below.
 *
 * Shared terms (as in `kpi-definitions.ts`):
 * - counted complaints: complaints of the filtered business line / receiving org unit that are neither
 *   merged into another complaint nor flagged abnormal, as they stand now;
 * - dated by registration: a complaint, and every cause attributed to it, falls on the calendar day of
 *   its registration in the reporting time zone, whenever the cause was attributed;
 * - ISO week: Monday 00:00 to the next Monday 00:00 in the reporting time zone, named `YYYY-Www`.
 */
export const TREND_DIMENSIONS = ['causeCode', 'causeFamily', 'category', 'orgUnit'] as const;
export type TrendDimension = (typeof TREND_DIMENSIONS)[number];

export const TREND_GRANULARITIES = ['day', 'week', 'month'] as const;
export type TrendGranularity = (typeof TREND_GRANULARITIES)[number];

/** A week is a spike when its count reaches `minimumCount` and is this unlikely under its baseline. */
export const SPIKE_RULE = {
  baselineWeeks: 8,
  /** λ never goes below this, so one complaint after weeks of none is not a spike by itself. */
  baselineFloor: 0.5,
  minimumCount: 5,
  significance: 0.01,
} as const;

export const TOP_MOVERS = { default: 10, max: 50 } as const;

/** A page cannot draw more lines than this; the response says when some were left off. */
export const MAX_SERIES = 200;

/** The longest range per granularity, counted in buckets. */
export const MAX_BUCKETS: Readonly<Record<TrendGranularity, number>> = { day: 366, week: 156, month: 120 };

export type TrendDefinitionId = TrendDimension | 'buckets' | 'series' | 'spike' | 'topMovers';

export type TrendDefinition = Readonly<{
  id: TrendDefinitionId;
  label: Readonly<{ 'zh-CN': string; en: string }>;
  formula: Readonly<{ 'zh-CN': string; en: string }>;
}>;

const { baselineWeeks, baselineFloor, minimumCount, significance } = SPIKE_RULE;

export const TREND_DEFINITIONS: Readonly<Record<TrendDefinitionId, TrendDefinition>> = {
  causeCode: {
    id: 'causeCode',
    label: { 'zh-CN': '原因代码', en: 'Cause code' },
    formula: {
      'zh-CN':
        '计数投诉的有效原因（未被后来的归因替换、未因申诉成立而撤销）按原因代码计数，按投诉受理日归期；一件投诉有多个原因时每个原因各计一次',
      en: "Active causes (neither replaced by a later attribution nor struck out by an upheld appeal) of counted complaints, by cause code, dated by the complaint's registration; a complaint with several causes counts once per cause",
    },
  },
  causeFamily: {
    id: 'causeFamily',
    label: { 'zh-CN': '原因类别', en: 'Cause family' },
    formula: {
      'zh-CN':
        '同原因代码，按原因类别（服务水平与能力、员工、设施设备、客户方面）计数；同一投诉同一类别的多个原因各计一次',
      en: 'As for cause codes, counted by cause family (service level and capacity, staff, facilities and equipment, customer side); several causes of one complaint in one family count once each',
    },
  },
  category: {
    id: 'category',
    label: { 'zh-CN': '投诉类型', en: 'Category' },
    formula: {
      'zh-CN': '计数投诉按当前类型计数，按受理日归期；尚未分类的计为“未分类”（unclassified）',
      en: 'Counted complaints by their category as it stands now, dated by registration; those not classified yet count as unclassified',
    },
  },
  orgUnit: {
    id: 'orgUnit',
    label: { 'zh-CN': '受理单位', en: 'Receiving org unit' },
    formula: {
      'zh-CN': '计数投诉按受理单位计数，按受理日归期（不论是否已查明原因）',
      en: 'Counted complaints by receiving org unit, dated by registration (whether or not causes were attributed yet)',
    },
  },
  buckets: {
    id: 'buckets',
    label: { 'zh-CN': '时间段', en: 'Buckets' },
    formula: {
      'zh-CN': `覆盖 [from, to]（含首尾两日）的自然日、ISO周（周一至周日）或自然月，按报表时区划分；周和月按整段计数，故第一段可能早于 from 开始、最后一段可能晚于 to 结束（各段给出起止时刻）；每个序列在每一段都有值（无则为0）。最长：日 ${MAX_BUCKETS.day} 段、周 ${MAX_BUCKETS.week} 段、月 ${MAX_BUCKETS.month} 段`,
      en: `Days, ISO weeks (Monday to Sunday) or calendar months in the reporting time zone covering [from, to] (both days included); a week or month counts its whole span, so the first may start before from and the last end after to (each bucket gives its start and end instants); every series has a point, zero included, in every bucket. At most ${MAX_BUCKETS.day} days, ${MAX_BUCKETS.week} weeks or ${MAX_BUCKETS.month} months`,
    },
  },
  series: {
    id: 'series',
    label: { 'zh-CN': '序列', en: 'Series' },
    formula: {
      'zh-CN': `每个键一条序列：合计为 [from, to] 内的计数；列出合计大于0或有突增周的键，按合计降序、键名升序，最多 ${MAX_SERIES} 条（超出时 truncated 为 true）`,
      en: `One series per key; its total counts [from, to] only. Keys with a total above 0 or a spike week are listed, by total descending then key, at most ${MAX_SERIES} (truncated is true when more existed)`,
    },
  },
  spike: {
    id: 'spike',
    label: { 'zh-CN': '突增', en: 'Spike' },
    formula: {
      'zh-CN': `按周判定，与粒度无关：对与 [from, to] 重叠的每个ISO周，c = 该周计数，m = 此前 ${baselineWeeks} 个ISO周计数的均值（无投诉的周计0），λ = max(m, ${baselineFloor})；当 c ≥ ${minimumCount} 且 X ~ 泊松(λ) 时 P(X ≥ c) < ${significance}，该周为突增`,
      en: `Weekly, whatever the granularity: for each ISO week overlapping [from, to], c = the week's count, m = the mean count of the ${baselineWeeks} ISO weeks before it (weeks with none count as 0), λ = max(m, ${baselineFloor}); the week is a spike when c ≥ ${minimumCount} and P(X ≥ c) < ${significance} for X ~ Poisson(λ)`,
    },
  },
  topMovers: {
    id: 'topMovers',
    label: { 'zh-CN': '变化最大', en: 'Top movers' },
    formula: {
      'zh-CN': `各键在 [from, to] 内的合计与紧邻其前、等长时段的合计之差及增幅（差 ÷ 前期，前期为0时无增幅）；只列合计有变化的键，按差的绝对值降序、键名升序，取前 top 个（默认 ${TOP_MOVERS.default}，最多 ${TOP_MOVERS.max}）`,
      en: `Each key's total in [from, to] against its total in the equally long period just before from: the difference and the relative change (difference ÷ previous; none when previous is 0). Only keys whose total changed, by absolute difference descending then key, the first top of them (${TOP_MOVERS.default} by default, at most ${TOP_MOVERS.max})`,
    },
  },
};
