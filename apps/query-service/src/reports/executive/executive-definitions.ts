import { KPI_DEFINITIONS, type KpiDefinition } from '@app/analytics/kpi/shared';
import {
  EXECUTIVE_HEADLINE_KPIS,
  REPORT_DEFINITIONS,
  type ReportDefinition,
} from '@app/analytics/kpi/executive';

/** The report's own definitions, then those of the KPIs it reads over the period, each once. */
export const EXECUTIVE_DEFINITIONS: readonly (ReportDefinition | KpiDefinition)[] = [
  ...Object.values(REPORT_DEFINITIONS),
  ...[...new Set(Object.values(EXECUTIVE_HEADLINE_KPIS).map(({ definedBy }) => definedBy))].map(
    (id) => KPI_DEFINITIONS[id],
  ),
];
