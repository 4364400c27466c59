import { Query } from '@nestjs/cqrs';
import { type FairnessDrillDown, type FairnessReport } from '@app/analytics/kpi/fairness';
import { type OrgUnitScope } from '@app/analytics/kpi/shared';
import { type FairnessDrillDownRequest, type FairnessRequest } from './fairness.request.dto';

export type Labelled = { code: string; labels: { 'zh-CN': string; en: string } };

/** The report, and the ladder whose levels it counts, with their labels. */
export type FairnessResponse = { report: FairnessReport; ladder: Labelled[] };

export class GetFairnessQuery extends Query<FairnessResponse> {
  constructor(
    readonly request: Readonly<FairnessRequest>,
    readonly scope: OrgUnitScope,
  ) {
    super();
  }
}

export class GetFairnessDrillDownQuery extends Query<FairnessDrillDown> {
  constructor(
    readonly request: Readonly<FairnessDrillDownRequest>,
    readonly scope: OrgUnitScope,
  ) {
    super();
  }
}
