import { Query } from '@nestjs/cqrs';
import { type KpiDefinition } from '@app/analytics/kpi/kpi-definitions';
import { type OrgUnitScope } from '@app/analytics/kpi/org-unit-scope';
import { type WeeklyPack } from '@app/analytics/kpi/weekly-pack.query';

/** The pack and the definitions of the KPIs in it, so that a reader sees what each figure means. */
export type WeeklyPackReport = { pack: WeeklyPack; definitions: KpiDefinition[] };

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
