import { Query } from '@nestjs/cqrs';

export type ComplaintView = Record<string, unknown> & { version: number };

export type TimelineEntry = {
  revision: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  recordedAt: string;
  actor?: { id: string; role?: string };
  correlationId: string;
  data: Record<string, unknown>;
};

export class GetComplaintQuery extends Query<ComplaintView> {
  constructor(readonly complaintId: string) {
    super();
  }
}

export class GetComplaintTimelineQuery extends Query<{
  complaintId: string;
  version: number;
  events: TimelineEntry[];
}> {
  constructor(readonly complaintId: string) {
    super();
  }
}

export class GetCorrectiveActionQuery extends Query<ComplaintView> {
  constructor(readonly actionId: string) {
    super();
  }
}
