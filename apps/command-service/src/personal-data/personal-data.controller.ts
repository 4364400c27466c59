import { Body, Controller, Get, HttpCode, Inject, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type PersonalDataAudit, type PersonalDataEraser, type PersonalDataRead } from '@app/privacy';
import { COMPLAINT_STREAM_PREFIX, type ComplaintEvent, complaintStream } from '@app/complaints';
import { ApiError, CurrentPrincipal, type Principal, RequirePermission, badRequest } from '@app/platform';
import { CommandErrorFilter } from '../http/error.filter';
import { EventSourcedStreams } from '../command-loop/event-sourced-streams';
import { CLOCK, type Clock } from '../shared/ids';
import { complaintOrgUnits, streamInScope } from '../shared/org-unit-scope';
import { PERSONAL_DATA_AUDIT } from './personal-data-disclosure';
import { EraseCustomerRequest } from './personal-data-erasure.request.dto';
import { PERSONAL_DATA_ERASER } from './personal-data.providers';
import { PersonalDataReadsQuery } from './personal-data-reads.request.dto';

/** Longest span of days one audit query reads (one audit stream per day). */
const MAX_AUDIT_DAYS = 92;
const DAY_MS = 86_400_000;

const dayOf = (field: string, value: string): number => {
  const millis = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(millis) || new Date(millis).toISOString().slice(0, 10) !== value)
    throw badRequest(field, 'must be a calendar day, YYYY-MM-DD', 'QUERY.INVALID_DAY');
  return millis;
};

@ApiTags('personal data')
@UseFilters(CommandErrorFilter)
@Controller()
export class PersonalDataController {
  constructor(
    @Inject(PERSONAL_DATA_AUDIT) private readonly audit: PersonalDataAudit,
    @Inject(PERSONAL_DATA_ERASER) private readonly eraser: PersonalDataEraser | null,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly streams: EventSourcedStreams,
  ) {}

  /**
   * Whether each complaint lies in the principal's units (received there or dispatched there, now):
   * an admin's acts are bound to its units exactly like every other principal's.
   */
  private async inScope(principal: Principal, complaintIds: readonly string[]): Promise<Set<string>> {
    if (principal.orgUnits === 'all') return new Set(complaintIds);
    const kept = new Set<string>();
    for (const complaintId of new Set(complaintIds)) {
      const loaded = await this.streams.load(complaintStream(complaintId));
      if (streamInScope(principal.orgUnits, complaintOrgUnits(loaded.events as ComplaintEvent[])))
        kept.add(complaintId);
    }
    return kept;
  }

  @Get('audit/personal-data-reads')
  @RequirePermission('audit:read')
  @ApiOperation({ summary: "Who read which complaint's personal data, when, through which route" })
  async reads(
    @Query() query: PersonalDataReadsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ from: string; to: string; reads: PersonalDataRead[] }> {
    const to = query.to ?? this.clock.now().slice(0, 10);
    const from = query.from ?? to;
    const span = (dayOf('to', to) - dayOf('from', from)) / DAY_MS + 1;
    if (span < 1) throw badRequest('from', 'must not be after to', 'QUERY.RANGE_REVERSED');
    if (span > MAX_AUDIT_DAYS)
      throw badRequest('from', `the range may span at most ${MAX_AUDIT_DAYS} days`, 'QUERY.RANGE_TOO_LONG');
    const reads = await this.audit.find({ from, to, complaintId: query.complaintId });
    const visible = await this.inScope(
      principal,
      reads.map((read) => read.complaintId),
    );
    return { from, to, reads: reads.filter((read) => visible.has(read.complaintId)) };
  }

  @Post('personal-data/erasures')
  @HttpCode(200)
  @RequirePermission('personal-data:erase')
  @ApiOperation({
    summary: "Erase one customer's personal data in all their complaints, on request (the facts stay)",
  })
  async erase(@Body() body: EraseCustomerRequest, @CurrentPrincipal() principal: Principal) {
    if (!this.eraser)
      throw new ApiError(409, {
        code: 'PRIVACY.NOT_ENCRYPTED',
        message: 'This store keeps no personal-data keys to erase',
        errors: [],
      });
    // Only the customer's complaints in the caller's units: the others are neither erased nor named.
    const streams = await this.eraser.streamsOfCustomer(body.customerReference);
    const ids = streams.map((streamId) => streamId.slice(COMPLAINT_STREAM_PREFIX.length));
    const mine = await this.inScope(principal, ids);
    const erased = await this.eraser.eraseStreams(streams.filter((_, i) => mine.has(ids[i]!)));
    return {
      erased: erased.length,
      complaints: erased.map((record) => ({
        complaintId: record.streamId.replace(/^complaint-/, ''),
        erasedAt: record.erasedAt.toISOString(),
      })),
    };
  }
}
