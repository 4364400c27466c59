import { Header, Inject } from '@nestjs/common';
import { policyOf, taxonomyLinesOf } from '@app/platform';
import { QUERY_SERVICE_CONFIG, type QueryServiceConfig } from '../../config/query-service.config';
import { JsonGet, ReportsController } from '../shared/report.decorators';
import { type ReportLabels, reportLabels } from './report-labels';

// The taxonomy's labels: every role that reads reports or complaints holds taxonomy:read.
@ReportsController('taxonomy:read')
export class LabelsController {
  /** Built once: the deployment's taxonomy (TAXONOMY_FILE) and ladder (POLICY_FILE), fixed for the process's life. */
  private readonly labels: ReportLabels;

  constructor(@Inject(QUERY_SERVICE_CONFIG) config: QueryServiceConfig) {
    this.labels = reportLabels(taxonomyLinesOf(config), policyOf(config));
  }

  // private: an authenticated answer, which no shared cache may hand to an anonymous caller.
  @Header('Cache-Control', 'private, max-age=300')
  @JsonGet('labels', {
    summary: 'Labels of every code a report shows, in zh-CN and en',
    description:
      'Business lines, channels, categories, causes (with their family), cause families, severities, ' +
      'responsibilities, follow-up questions and answers, overdue age buckets, escalation levels, drill-down ' +
      'sets, trend dimensions, event types, corrective-action figures, the KPI definitions (label and ' +
      'formula), and the headline KPIs of the executive report (unit, the id of the definition that explains each, ' +
      'name) and corrective-action figures. A code without a label here is shown as itself.',
  })
  get(): ReportLabels {
    return this.labels;
  }
}
