import { Query } from '@nestjs/cqrs';
import type { KpiDefinition, OrgUnitScope } from '@app/analytics/kpi/shared';
import { type ArchivedPackSummary } from '@app/analytics/kpi/archive';
import { type WeeklyPack } from '@app/analytics/kpi/weekly-pack';

/**
 * The archived pack of the same week, line and unit, when there is one the caller may read, and whether
 * the live figures still equal it: `differences` names the figures (JSON paths, at most
 * `MAX_LISTED_DIFFERENCES`) that changed since, because the data was corrected after the archive.
 */
export type ArchiveComparison = ArchivedPackSummary & {
  differs: boolean;
  differenceCount: number;
  differences: string[];
};

export const MAX_LISTED_DIFFERENCES = 100;

/** The pack and the definitions of the KPIs in it, so that a reader sees what each figure means. */
export type WeeklyPackReport = {
  pack: WeeklyPack;
  definitions: KpiDefinition[];
  /** Null when this week, line and unit have no archived pack the caller may read (or no line is named). */
  archive: ArchiveComparison | null;
};

export class GetWeeklyPackQuery extends Query<WeeklyPackReport> {
  constructor(
    readonly week: string,
    /** The receiving org units the caller may read (its principal's). */
    readonly scope: OrgUnitScope,
    readonly businessLine?: string,
    readonly orgUnit?: string,
  ) {
    super();
  }
}
