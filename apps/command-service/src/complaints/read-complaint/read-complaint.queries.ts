import { Query } from '@nestjs/cqrs';
import { type PersonalDataReader } from '../../personal-data/personal-data-reader';
import { type OrgUnitScope } from '../../shared/request-context';

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

/** The reader decides the org-unit scope and whether personal data is shown (and audited). */
export class GetComplaintQuery extends Query<ComplaintView> {
  constructor(
    readonly complaintId: string,
    readonly reader: PersonalDataReader,
  ) {
    super();
  }
}

export class GetComplaintTimelineQuery extends Query<{
  complaintId: string;
  version: number;
  events: TimelineEntry[];
}> {
  constructor(
    readonly complaintId: string,
    readonly reader: PersonalDataReader,
  ) {
    super();
  }
}

export class GetCorrectiveActionQuery extends Query<ComplaintView> {
  constructor(
    readonly actionId: string,
    readonly scope: OrgUnitScope,
  ) {
    super();
  }
}
