import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  type ComplaintEvent,
  type CorrectiveActionEvent,
  DomainError,
  complaintStream,
  correctiveActionStream,
  foldComplaint,
  foldCorrectiveAction,
} from '@app/complaints';
import { EventSourcedStreams } from '../../shared/event-sourced-streams';
import {
  type ComplaintView,
  GetComplaintQuery,
  GetComplaintTimelineQuery,
  GetCorrectiveActionQuery,
  type TimelineEntry,
} from './read-complaint.queries';

const notFound = (what: string) =>
  new DomainError(`${what}.NOT_FOUND`, `${what.toLowerCase()} not found`, undefined, 'not-found');

/** The complaint's current state, folded from its stream, with the registration's details. */
@QueryHandler(GetComplaintQuery)
export class GetComplaintHandler implements IQueryHandler<GetComplaintQuery, ComplaintView> {
  constructor(private readonly streams: EventSourcedStreams) {}

  async execute({ complaintId }: GetComplaintQuery): Promise<ComplaintView> {
    const loaded = await this.streams.load(complaintStream(complaintId));
    const events = loaded.events as ComplaintEvent[];
    const state = foldComplaint(events);
    if (state.status === 'none') throw notFound('COMPLAINT');
    const registered = events[0]?.type === 'ComplaintRegistered' ? events[0].data : undefined;
    return {
      ...state,
      customer: registered?.customer,
      description: registered?.description,
      demand: registered?.demand,
      receivedBy: registered?.receivedBy,
      source: registered?.source,
      version: loaded.version,
    };
  }
}

@QueryHandler(GetComplaintTimelineQuery)
export class GetComplaintTimelineHandler implements IQueryHandler<GetComplaintTimelineQuery> {
  constructor(private readonly streams: EventSourcedStreams) {}

  async execute({ complaintId }: GetComplaintTimelineQuery) {
    const loaded = await this.streams.load(complaintStream(complaintId));
    if (loaded.recorded.length === 0) throw notFound('COMPLAINT');
    const events: TimelineEntry[] = loaded.recorded.map((recorded, i) => ({
      revision: recorded.streamRevision,
      eventId: recorded.eventId,
      type: loaded.events[i]!.type,
      schemaVersion: recorded.schemaVersion,
      occurredAt: recorded.metadata.occurredAt,
      recordedAt: recorded.recordedAt.toISOString(),
      actor: recorded.metadata.actor,
      correlationId: recorded.metadata.correlationId,
      data: loaded.events[i]!.data as Record<string, unknown>,
    }));
    return { complaintId, version: loaded.version, events };
  }
}

@QueryHandler(GetCorrectiveActionQuery)
export class GetCorrectiveActionHandler implements IQueryHandler<GetCorrectiveActionQuery, ComplaintView> {
  constructor(private readonly streams: EventSourcedStreams) {}

  async execute({ actionId }: GetCorrectiveActionQuery): Promise<ComplaintView> {
    const loaded = await this.streams.load(correctiveActionStream(actionId));
    const state = foldCorrectiveAction(loaded.events as CorrectiveActionEvent[]);
    if (state.status === 'none') throw notFound('CORRECTIVE_ACTION');
    return { ...state, version: loaded.version };
  }
}
