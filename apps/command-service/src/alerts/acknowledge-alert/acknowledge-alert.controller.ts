import {
  Controller,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  Req,
  UseFilters,
  type PipeTransform,
} from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type Request } from 'express';
import {
  ALERT_ACKNOWLEDGED,
  ALERT_ID,
  type AlertAcknowledged,
  alertRecordOf,
  alertStream,
} from '@app/analytics/alerts/alert.events';
import { type EventStore } from '@app/event-store';
import {
  ApiError,
  CurrentGrant,
  type Grant,
  RequirePermission,
  badRequest,
  meetsScope,
  requestIdOf,
  uuidFrom,
} from '@app/platform';
import { CommandErrorFilter } from '../../http/error.filter';
import { CLOCK, type Clock, newId } from '../../shared/ids';
import { EVENT_STORE } from '../../store/event-store.provider';

/** The one answer for an alert that was never raised and for one outside the caller's units. */
const alertNotFound = (): ApiError =>
  new ApiError(HttpStatus.NOT_FOUND, {
    code: 'ALERT.NOT_FOUND',
    message: 'id: no such alert',
    errors: [{ field: 'id', reason: 'no such alert', code: 'ALERT.NOT_FOUND' }],
  });

class AlertIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ALERT_ID.test(value))
      throw badRequest(
        'id',
        'must be an alert id (32 lower-case hexadecimal digits)',
        'VALIDATION.IS_ALERT_ID',
      );
    return value;
  }
}

/**
 * Acknowledging an alert is an act of a principal, so it is an event in the alert's stream
 * (`AlertAcknowledged`, with the staff id and the role it acted in), not a flag in a table: it survives
 * every rebuild of the read model, and the dashboard's list shows it once the projector has it. Only an
 * alert of one of the caller's units may be acknowledged; any other answers as a missing one does. The
 * first acknowledgement stands; a second answers with it.
 */
@ApiTags('alerts')
@UseFilters(CommandErrorFilter)
@Controller('alerts')
export class AcknowledgeAlertController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':id/ack')
  @HttpCode(200)
  @RequirePermission('alert:acknowledge')
  @ApiOperation({
    summary: 'Acknowledge an alert of one of your org units',
    description:
      "Records an AlertAcknowledged event in the alert's stream. 404 ALERT.NOT_FOUND for an alert that does not exist " +
      'or concerns none of your org units; acknowledging twice answers with the first acknowledgement.',
  })
  @ApiParam({ name: 'id', description: 'The alert id (32 hexadecimal digits), as GET /alerts lists it' })
  async acknowledge(
    @Param('id', new AlertIdPipe()) alertId: string,
    @CurrentGrant() grant: Grant,
    @Req() request: Request,
  ) {
    const stream = alertStream(alertId);
    const record = alertRecordOf(await this.store.readStream(stream));
    if (!record || !meetsScope(grant.principal, record.raised.orgUnits)) throw alertNotFound();
    if (record.acknowledged) return { alertId, acknowledged: record.acknowledged, alreadyAcknowledged: true };
    const acknowledged: AlertAcknowledged = {
      alertId,
      acknowledgedBy: grant.principal.subject,
      role: grant.role,
      acknowledgedAt: this.clock.now(),
    };
    const correlationId = requestIdOf(request) ?? newId();
    // One id per alert: of two acknowledgements at once, the store keeps the first and ignores the other.
    const result = await this.store.append(
      stream,
      [
        {
          eventId: uuidFrom(ALERT_ACKNOWLEDGED, alertId),
          type: ALERT_ACKNOWLEDGED,
          schemaVersion: 1,
          data: acknowledged,
          metadata: {
            occurredAt: acknowledged.acknowledgedAt,
            correlationId,
            causationId: correlationId,
            actor: { id: grant.principal.subject, role: grant.role },
          },
        },
      ],
      'stream-exists',
    );
    if (result.appended) return { alertId, acknowledged, alreadyAcknowledged: false };
    const stored = alertRecordOf(await this.store.readStream(stream))?.acknowledged ?? acknowledged;
    return { alertId, acknowledged: stored, alreadyAcknowledged: true };
  }
}
