import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  type ComplaintEvent,
  type CorrectiveActionEvent,
  complaintNotFound,
  complaintStream,
  correctiveActionNotFound,
  correctiveActionStream,
  foldComplaint,
  foldCorrectiveAction,
} from '@app/complaints';
import { disclosedFields } from '@app/privacy';
import { PersonalDataDisclosure } from '../../personal-data/personal-data-disclosure';
import { EventSourcedStreams } from '../../command-loop/event-sourced-streams';
import {
  assertStreamInScope,
  complaintOrgUnits,
  correctiveActionOrgUnits,
} from '../../shared/org-unit-scope';
import {
  type ComplaintView,
  GetComplaintQuery,
  GetComplaintTimelineQuery,
  GetCorrectiveActionQuery,
  type TimelineEntry,
} from './read-complaint.queries';

/** The complaint's current state, folded from its stream, with the registration's details. */
@QueryHandler(GetComplaintQuery)
export class GetComplaintHandler implements IQueryHandler<GetComplaintQuery, ComplaintView> {
  constructor(
    private readonly streams: EventSourcedStreams,
    private readonly disclosure: PersonalDataDisclosure,
  ) {}

  async execute({ complaintId, reader }: GetComplaintQuery): Promise<ComplaintView> {
    const loaded = await this.streams.load(complaintStream(complaintId));
    assertStreamInScope(
      reader.principal.orgUnits,
      complaintOrgUnits(loaded.events as ComplaintEvent[]),
      complaintNotFound,
    );
    // Folded from what the reader may see, so that no personal text reaches the state either.
    const events = this.disclosure.visible(reader, loaded.events as ComplaintEvent[]);
    const state = foldComplaint(events);
    if (state.status === 'none') throw complaintNotFound();
    const registered = events[0]?.type === 'ComplaintRegistered' ? events[0] : undefined;
    const proposal = [...events]
      .reverse()
      .find((e) => e.type === 'ResolutionProposed' && e.data.proposalId === state.resolution?.proposalId);
    await this.disclosure.disclosed(reader, complaintId, [
      ...(registered ? disclosedFields(registered.type, registered.data) : []),
      ...(proposal ? disclosedFields(proposal.type, proposal.data).map((f) => `resolution.${f}`) : []),
    ]);
    return {
      ...state,
      customer: registered?.data.customer,
      description: registered?.data.description,
      demand: registered?.data.demand,
      receivedBy: registered?.data.receivedBy,
      source: registered?.data.source,
      version: loaded.version,
    };
  }
}

@QueryHandler(GetComplaintTimelineQuery)
export class GetComplaintTimelineHandler implements IQueryHandler<GetComplaintTimelineQuery> {
  constructor(
    private readonly streams: EventSourcedStreams,
    private readonly disclosure: PersonalDataDisclosure,
  ) {}

  async execute({ complaintId, reader }: GetComplaintTimelineQuery) {
    const loaded = await this.streams.load(complaintStream(complaintId));
    assertStreamInScope(
      reader.principal.orgUnits,
      complaintOrgUnits(loaded.events as ComplaintEvent[]),
      complaintNotFound,
    );
    if (loaded.recorded.length === 0) throw complaintNotFound();
    const visible = this.disclosure.visible(reader, loaded.events);
    await this.disclosure.disclosed(reader, complaintId, [
      ...new Set(visible.flatMap((e) => disclosedFields(e.type, e.data).map((f) => `${e.type}.${f}`))),
    ]);
    const events: TimelineEntry[] = loaded.recorded.map((recorded, i) => ({
      revision: recorded.streamRevision,
      eventId: recorded.eventId,
      type: loaded.events[i]!.type,
      schemaVersion: recorded.schemaVersion,
      occurredAt: recorded.metadata.occurredAt,
      recordedAt: recorded.recordedAt.toISOString(),
      actor: recorded.metadata.actor,
      correlationId: recorded.metadata.correlationId,
      data: visible[i]!.data as Record<string, unknown>,
    }));
    return { complaintId, version: loaded.version, events };
  }
}

@QueryHandler(GetCorrectiveActionQuery)
export class GetCorrectiveActionHandler implements IQueryHandler<GetCorrectiveActionQuery, ComplaintView> {
  constructor(private readonly streams: EventSourcedStreams) {}

  async execute({ actionId, scope }: GetCorrectiveActionQuery): Promise<ComplaintView> {
    const loaded = await this.streams.load(correctiveActionStream(actionId));
    assertStreamInScope(
      scope,
      correctiveActionOrgUnits(loaded.events as CorrectiveActionEvent[]),
      correctiveActionNotFound,
    );
    const state = foldCorrectiveAction(loaded.events as CorrectiveActionEvent[]);
    if (state.status === 'none') throw correctiveActionNotFound();
    return { ...state, version: loaded.version };
  }
}
