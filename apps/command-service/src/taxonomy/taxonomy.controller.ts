import { Controller, Get, Inject, UseFilters } from '@nestjs/common';
import { CommandErrorFilter } from '../http/error.filter';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CAUSE_FAMILY_LABELS,
  type DecisionContext,
  FORM_LABELS,
  RESPONSIBILITY_LABELS,
  SEVERITY_LABELS,
} from '@app/complaints';
import { RequirePermission } from '@app/platform';
import { DECISION_CONTEXT } from '../config/domain-config';

@ApiTags('taxonomy')
@UseFilters(CommandErrorFilter)
@Controller('taxonomy')
export class TaxonomyController {
  constructor(@Inject(DECISION_CONTEXT) private readonly decision: DecisionContext) {}

  @Get()
  @RequirePermission('taxonomy:read')
  @ApiOperation({
    summary: 'Business lines with their channels, categories and causes (zh-CN and en labels)',
  })
  get() {
    return {
      businessLines: this.decision.taxonomy.businessLines(),
      causeFamilies: CAUSE_FAMILY_LABELS,
      severities: SEVERITY_LABELS,
      responsibilities: RESPONSIBILITY_LABELS,
      forms: FORM_LABELS,
      escalationLevels: this.decision.policy.escalationLevels,
    };
  }
}
