import { Controller, Get, Header, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@app/platform';
import { QueryErrorFilter } from '../../http/error.filter';
import { type ReportLabels, reportLabels } from './report-labels';

/** Built once: the labels are the deployment's taxonomy and definitions, fixed for the process's life. */
const LABELS = reportLabels();

@ApiTags('reports')
@UseFilters(QueryErrorFilter)
// The taxonomy's labels: every role that reads reports or complaints holds taxonomy:read.
@RequirePermission('taxonomy:read')
@Controller('reports')
export class LabelsController {
  @Get('labels')
  // private: an authenticated answer, which no shared cache may hand to an anonymous caller.
  @Header('Cache-Control', 'private, max-age=300')
  @ApiOperation({
    summary: 'Labels of every code a report shows, in zh-CN and en',
    description:
      'Business lines, channels, categories, causes (with their family), cause families, severities, ' +
      'responsibilities, follow-up questions and answers, overdue age buckets, escalation levels, drill-down ' +
      'sets, trend dimensions, event types, corrective-action figures, the KPI definitions (label and ' +
      'formula), and the headline KPIs of the executive report (unit, the id of the definition that explains each, ' +
      'name) and corrective-action figures. A code without a label here is shown as itself.',
  })
  labels(): ReportLabels {
    return LABELS;
  }
}
