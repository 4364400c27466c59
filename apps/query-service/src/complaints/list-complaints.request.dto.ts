import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { COMPLAINT_SORTS, type ComplaintSort } from '@app/analytics/complaint-list/complaint-cursor';
import {
  COMPLAINT_LIST_MAX_LIMIT,
  COMPLAINT_STATUSES,
  type ComplaintStatus,
} from '@app/analytics/complaint-list/complaint-list.sql';
import { DUE_SOON_HOURS, WORKLIST_NAMES, type WorklistName } from '@app/analytics/complaint-list/worklists';
import { SEVERITIES } from '@app/complaints';
import { BusinessLineFilter, OrgUnitFilter, WholeNumber, withCode } from '../reports/shared/report-filters';

/** Codes (channel, category, cause…) as the taxonomy writes them. */
const CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Ids, job numbers, upstream systems and their ids: printable text without control characters. */
const TEXT = /^[^\p{Cc}]+$/u;
const TEXT_MAX = 200;
/** A calendar day in the reporting zone, or an instant with its zone. */
const DAY_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

const Code = (name: string, code: string, description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, pattern: CODE.source }),
    IsOptional(),
    IsString(withCode(code)),
    Matches(CODE, {
      message: `${name} must be a lower-case code (letters, digits, dashes; at most 64)`,
      ...withCode(code),
    }),
  );

const Text = (name: string, code: string, description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, maxLength: TEXT_MAX }),
    IsOptional(),
    IsString(withCode(code)),
    MaxLength(TEXT_MAX, { message: `${name} must be at most ${TEXT_MAX} characters`, ...withCode(code) }),
    Matches(TEXT, { message: `${name} must not contain control characters`, ...withCode(code) }),
  );

const When = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, example: '2026-03-02' }),
    IsOptional(),
    IsString(withCode('QUERY.INVALID_DATE')),
    Matches(DAY_OR_INSTANT, {
      message: '$property must be a day like 2026-03-02 or an instant like 2026-03-02T08:00:00+08:00',
      ...withCode('QUERY.INVALID_DATE'),
    }),
  );

/** One of a fixed list, named in the OpenAPI text and in the message. */
const OneOf = (name: string, values: readonly string[], code: string, description?: string) =>
  applyDecorators(
    ApiPropertyOptional({ enum: values, ...(description === undefined ? {} : { description }) }),
    IsOptional(),
    IsIn(values, { message: `${name} must be one of ${values.join(', ')}`, ...withCode(code) }),
  );

/** `true` / `false` only: anything else stays a string and fails IsBoolean. */
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

const Flag = (name: string, description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, type: 'boolean' }),
    IsOptional(),
    Transform(toBoolean),
    IsBoolean({ message: `${name} must be true or false`, ...withCode('QUERY.INVALID_FLAG') }),
  );

/** Search, filters, worklist, sort and page of `GET /complaints` (and its CSV). */
export class ListComplaintsRequest {
  @Text('complaintId', 'QUERY.INVALID_COMPLAINT_ID', 'One complaint, by its id (the complaint page’s header)')
  complaintId?: string;

  @Text(
    'acceptanceNumber',
    'QUERY.INVALID_ACCEPTANCE_NUMBER',
    'The acceptance number (受理编号) told to the customer',
  )
  acceptanceNumber?: string;

  @Text('sourceSystem', 'QUERY.INVALID_SOURCE', 'Upstream system that sent the complaint (source.system)')
  sourceSystem?: string;

  @Text('sourceExternalId', 'QUERY.INVALID_SOURCE', "The complaint's id in that system (source.externalId)")
  sourceExternalId?: string;

  @OneOf('status', COMPLAINT_STATUSES, 'QUERY.INVALID_STATUS')
  status?: ComplaintStatus;

  @BusinessLineFilter()
  businessLine?: string;

  @OrgUnitFilter()
  orgUnit?: string;

  @Code('channel', 'QUERY.INVALID_CHANNEL', 'Channel code')
  channel?: string;

  @Code('category', 'QUERY.INVALID_CATEGORY', 'Category code')
  category?: string;

  @OneOf('severity', SEVERITIES, 'QUERY.INVALID_SEVERITY')
  severity?: string;

  @Code('cause', 'QUERY.INVALID_CAUSE', 'An active root-cause code')
  cause?: string;

  @Text(
    'assignee',
    'QUERY.INVALID_ASSIGNEE',
    'Job number owning the complaint or holding an open dispatch, or a department holding one',
  )
  assignee?: string;

  @When('Registered at or after: a day (its start in the reporting time zone) or an instant')
  registeredFrom?: string;

  @When('Registered before: an instant, or a day (included: up to its end in the reporting time zone)')
  registeredTo?: string;

  @When('The reply deadline in force is before this instant (a day: its start in the reporting time zone)')
  deadlineBefore?: string;

  @Flag('overdue', 'Acknowledged, no final reply, and the deadline in force has passed (false: the others)')
  overdue?: boolean;

  @Flag('awaitingApproval', 'A proposed resolution awaits a leader’s approval')
  awaitingApproval?: boolean;

  @Flag('appealPending', 'A staff appeal against one of its causes awaits a decision')
  appealPending?: boolean;

  @OneOf('worklist', WORKLIST_NAMES, 'QUERY.UNKNOWN_WORKLIST', 'A named worklist (see GET /worklists)')
  worklist?: WorklistName;

  @WholeNumber(
    'dueWithinHours',
    DUE_SOON_HOURS,
    'QUERY.INVALID_DUE_WITHIN',
    'Due-soon window of the dueSoon worklist, in hours',
  )
  dueWithinHours?: number;

  @OneOf(
    'sort',
    COMPLAINT_SORTS,
    'QUERY.INVALID_SORT',
    '`-` for descending; age is the time since registration; default -registeredAt (a worklist: its own)',
  )
  sort?: ComplaintSort;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page (opaque)' })
  @IsOptional()
  @IsString(withCode('QUERY.INVALID_CURSOR'))
  @MaxLength(600, withCode('QUERY.INVALID_CURSOR'))
  cursor?: string;

  @WholeNumber('limit', { min: 1, max: COMPLAINT_LIST_MAX_LIMIT, default: 50 }, 'QUERY.INVALID_LIMIT')
  limit?: number;
}

/** `GET /worklists`: the counts for a badge. */
export class WorklistCountsRequest {
  @WholeNumber('dueWithinHours', DUE_SOON_HOURS, 'QUERY.INVALID_DUE_WITHIN', 'Due-soon window in hours')
  dueWithinHours?: number;
}
