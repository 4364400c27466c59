import {
  type BusinessLineTaxonomy,
  CAUSE_FAMILY_LABELS,
  type CauseFamily,
  type ComplaintEventType,
  type ComplaintPolicy,
  DEFAULT_POLICY,
  FORM_LABELS,
  type Labels,
  PRESET_LINES,
  RESPONSIBILITY_LABELS,
  SEVERITY_LABELS,
  type TaxonomyEntry,
} from '@app/complaints';
import { type DrillDownMetric } from '@app/analytics/kpi/drill-down';
import {
  type FollowUpQuestion,
  KPI_DEFINITIONS,
  type KpiDefinition,
  type OverdueAgeBucket,
} from '@app/analytics/kpi/shared';
import { TREND_DEFINITIONS, TREND_DIMENSIONS, type TrendDimension } from '@app/analytics/kpi/trends';
import {
  EXECUTIVE_HEADLINE_KPIS,
  HEADLINE_KPI_IDS,
  type HeadlineKpiId,
  type HeadlineUnit,
  REPORT_DEFINITIONS,
} from '@app/analytics/kpi/executive';
import { type WeeklyPack } from '@app/analytics/kpi/weekly-pack';
import {
  BREAKDOWN_DIMENSION_LABELS,
  CORRECTIVE_ACTION_LABELS,
  DRILL_DOWN_METRIC_LABELS,
  ESCALATION_LEVEL_LABELS,
  EVENT_TYPE_LABELS,
  EXECUTIVE_CORRECTIVE_ACTION_LABELS,
  EXECUTIVE_KPI_LABELS,
  FOLLOW_UP_ANSWER_LABELS,
  FOLLOW_UP_QUESTION_LABELS,
  OVERDUE_AGE_BUCKET_LABELS,
  UNCLASSIFIED_LABELS,
} from './report-vocabulary';
import {
  COMPLAINT_FIELD_LABELS,
  COMPLAINT_VALUE_LABELS,
  type ComplaintFieldName,
  type ComplaintValueGroup,
  WORKLIST_LABELS,
} from './complaint-vocabulary';
import { type WorklistName } from '@app/analytics/complaint-list/worklists';

export const REPORT_LANGUAGES = ['zh-CN', 'en'] as const;

/**
 * Every label a report page shows, by code, in zh-CN and en. Channels, categories and causes are the union
 * over the business lines (a code means the same on every line); a code missing here is shown as itself.
 */
export type ReportLabels = {
  languages: typeof REPORT_LANGUAGES;
  businessLines: Record<string, Labels>;
  channels: Record<string, Labels>;
  categories: Record<string, Labels>;
  causes: Record<string, { family: CauseFamily; labels: Labels }>;
  causeFamilies: Record<CauseFamily, Labels>;
  severities: Record<string, Labels>;
  responsibilities: Record<string, Labels>;
  forms: Record<string, Labels>;
  /** The breakdown key of a complaint not classified yet. */
  unclassified: Labels;
  breakdownDimensions: Record<keyof WeeklyPack['breakdowns'], Labels>;
  overdueAgeBuckets: Record<OverdueAgeBucket, Labels>;
  /** The escalation ladder, lowest first; `level` is the number the pack counts by. */
  escalationLevels: { level: number; code: string; labels: Labels }[];
  followUpQuestions: Record<FollowUpQuestion, Labels>;
  followUpAnswers: Record<FollowUpQuestion, Record<string, Labels>>;
  drillDownMetrics: Record<DrillDownMetric, Labels>;
  /** What a trend series counts, as the trend definitions name it. */
  trendDimensions: Record<TrendDimension, Labels>;
  eventTypes: Record<ComplaintEventType, Labels>;
  /** The corrective-action figures and the columns of a verified measure's effect. */
  correctiveActions: Record<keyof typeof CORRECTIVE_ACTION_LABELS, Labels>;
  /** The KPI definitions: label and formula of each figure of the pack. */
  kpis: KpiDefinition[];
  /**
   * The executive report's headline KPIs in the order it shows them: whether each is a count or a rate,
   * the id of the definition (in the report's `definitions`) that says what it counts, and its name.
   */
  executiveKpis: ExecutiveKpiLabel[];
  /** The executive report's corrective-action figures at the end of its period. */
  executiveCorrectiveActions: Record<keyof typeof EXECUTIVE_CORRECTIVE_ACTION_LABELS, Labels>;
  /** Every field a complaint page names (event facts, table columns): no page shows a raw key. */
  complaintFields: Record<ComplaintFieldName, Labels>;
  /** Every coded value a complaint page shows, by what it is a value of (status, mode, contactMethod…). */
  complaintValues: Record<ComplaintValueGroup, Record<string, Labels>>;
  worklists: Record<WorklistName, { labels: Labels; description: Labels }>;
};

export type ExecutiveKpiLabel = {
  id: HeadlineKpiId;
  unit: HeadlineUnit;
  definition: string;
  label: Labels;
};

/**
 * A headline KPI's own report definition when there is one (`executive.satisfied`), else that of the KPI
 * it reads over the period; its name from that definition unless the vocabulary names it apart.
 */
export const executiveKpiLabels = (): ExecutiveKpiLabel[] =>
  HEADLINE_KPI_IDS.map((id) => {
    const { unit, definedBy } = EXECUTIVE_HEADLINE_KPIS[id];
    const own = Object.values(REPORT_DEFINITIONS).find((each) => each.id === `executive.${id}`);
    const definition = own ?? KPI_DEFINITIONS[definedBy];
    return { id, unit, definition: definition.id, label: EXECUTIVE_KPI_LABELS[id] ?? definition.label };
  });

const byCode = <T extends TaxonomyEntry, V>(
  entries: readonly T[],
  value: (entry: T) => V,
): Record<string, V> => {
  const result: Record<string, V> = {};
  for (const entry of entries) result[entry.code] ??= value(entry);
  return result;
};

/** The report labels of the given business lines and escalation ladder (the presets and default policy). */
export const reportLabels = (
  lines: readonly BusinessLineTaxonomy[] = PRESET_LINES,
  policy: Pick<ComplaintPolicy, 'escalationLevels'> = DEFAULT_POLICY,
): ReportLabels => ({
  languages: REPORT_LANGUAGES,
  businessLines: Object.fromEntries(lines.map((line) => [line.businessLine, line.labels])),
  channels: byCode(
    lines.flatMap((line) => line.channels),
    (entry) => entry.labels,
  ),
  categories: byCode(
    lines.flatMap((line) => line.categories),
    (entry) => entry.labels,
  ),
  causes: byCode(
    lines.flatMap((line) => line.causes),
    ({ family, labels }) => ({ family, labels }),
  ),
  causeFamilies: CAUSE_FAMILY_LABELS,
  severities: SEVERITY_LABELS,
  responsibilities: RESPONSIBILITY_LABELS,
  forms: FORM_LABELS,
  unclassified: UNCLASSIFIED_LABELS,
  breakdownDimensions: BREAKDOWN_DIMENSION_LABELS,
  overdueAgeBuckets: OVERDUE_AGE_BUCKET_LABELS,
  escalationLevels: policy.escalationLevels.map((code, level) => ({
    level,
    code,
    labels: ESCALATION_LEVEL_LABELS[code] ?? { 'zh-CN': code, en: code },
  })),
  followUpQuestions: FOLLOW_UP_QUESTION_LABELS,
  followUpAnswers: FOLLOW_UP_ANSWER_LABELS,
  drillDownMetrics: DRILL_DOWN_METRIC_LABELS,
  trendDimensions: Object.fromEntries(
    TREND_DIMENSIONS.map((dimension) => [dimension, TREND_DEFINITIONS[dimension].label]),
  ) as Record<TrendDimension, Labels>,
  eventTypes: EVENT_TYPE_LABELS,
  correctiveActions: CORRECTIVE_ACTION_LABELS,
  kpis: Object.values(KPI_DEFINITIONS),
  executiveKpis: executiveKpiLabels(),
  executiveCorrectiveActions: EXECUTIVE_CORRECTIVE_ACTION_LABELS,
  complaintFields: COMPLAINT_FIELD_LABELS,
  complaintValues: COMPLAINT_VALUE_LABELS,
  worklists: WORKLIST_LABELS,
});
