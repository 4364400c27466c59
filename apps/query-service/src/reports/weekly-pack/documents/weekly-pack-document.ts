import { KPI_DEFINITIONS, type KpiId } from '@app/analytics/kpi/shared';
import { type WeeklyPack } from '@app/analytics/kpi/weekly-pack';
import { weeklyPackRows } from '../weekly-pack.csv';

export const DOCUMENT_LANGUAGES = ['zh-CN', 'en'] as const;
export type DocumentLanguage = (typeof DOCUMENT_LANGUAGES)[number];

const TEXT = {
  'zh-CN': {
    title: '质量分析会周报',
    week: '周',
    timeZone: '时区',
    businessLine: '业务线',
    orgUnit: '受理单位',
    scope: '范围',
    all: '全部',
    generatedAt: '生成时间',
    volumeChart: '投诉量：本周与前四周',
    figures: '全部数字',
    kpi: '指标',
    measure: '度量',
    dimension: '维度',
    value: '数值',
    definitions: '指标定义与公式',
    formula: '公式',
  },
  en: {
    title: 'Weekly quality-analysis pack',
    week: 'Week',
    timeZone: 'Time zone',
    businessLine: 'Business line',
    orgUnit: 'Receiving org unit',
    scope: 'Scope',
    all: 'all',
    generatedAt: 'Generated at',
    volumeChart: 'Volume: this week and the four before',
    figures: 'Every figure',
    kpi: 'KPI',
    measure: 'Measure',
    dimension: 'Dimension',
    value: 'Value',
    definitions: 'KPI definitions and formulas',
    formula: 'Formula',
  },
} as const;

export type DocumentRow = {
  kpi: string;
  kpiLabel: string;
  measure: string;
  dimension: string;
  value: string | number | null;
};

/** What both documents print: headings, the filters, every figure of the pack (as the CSV has them), the definitions. */
export type WeeklyPackDocument = {
  lang: DocumentLanguage;
  text: (typeof TEXT)[DocumentLanguage];
  heading: { label: string; value: string }[];
  rows: DocumentRow[];
  definitions: { id: string; label: string; formula: string }[];
};

const kpiLabel = (kpi: string, lang: DocumentLanguage): string => {
  const base =
    kpi === 'correctiveActionEffect'
      ? 'correctiveActions'
      : kpi === 'sinceLastMeetingEffect'
        ? 'sinceLastMeeting'
        : kpi;
  return KPI_DEFINITIONS[base as KpiId]?.label[lang] ?? kpi;
};

export const weeklyPackDocument = (
  pack: WeeklyPack,
  lang: DocumentLanguage,
  generatedAt: Date,
): WeeklyPackDocument => {
  const text = TEXT[lang];
  const rows = weeklyPackRows(pack)
    .filter(([kpi]) => kpi !== 'week' && kpi !== 'filters')
    .map(([kpi, measure, dimension, value]) => ({
      kpi,
      kpiLabel: kpiLabel(kpi, lang),
      measure,
      dimension,
      value,
    }));
  return {
    lang,
    text,
    heading: [
      { label: text.week, value: `${pack.week.id} (${pack.week.start} – ${pack.week.end})` },
      { label: text.timeZone, value: pack.week.timeZone },
      { label: text.businessLine, value: pack.filters.businessLine ?? text.all },
      { label: text.orgUnit, value: pack.filters.orgUnit ?? text.all },
      { label: text.scope, value: pack.filters.scope?.join(', ') ?? text.all },
      { label: text.generatedAt, value: generatedAt.toISOString() },
    ],
    rows,
    definitions: Object.values(KPI_DEFINITIONS).map((definition) => ({
      id: definition.id,
      label: definition.label[lang],
      formula: definition.formula[lang],
    })),
  };
};

/** A figure as both documents print it: the JSON number as JavaScript writes it, an empty cell as a dash. */
export const shownValue = (value: string | number | null): string => (value === null ? '—' : String(value));
