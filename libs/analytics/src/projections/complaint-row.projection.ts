import { assertNever } from '@app/complaints';
import { type ComplaintRow } from './analytics-rows';
import { type ComplaintFacts } from './event-facts';
import { type EventIdentity, type ProjectionContext } from './projection-context';

type Registered = Extract<ComplaintFacts, { type: 'ComplaintRegistered' }>;

export const registeredComplaintRow = (
  { data }: Registered,
  event: EventIdentity,
  ctx: ProjectionContext,
): ComplaintRow => ({
  complaint_id: data.complaintId,
  version: event.streamRevision,
  global_position: event.globalPosition,
  updated_at: event.occurredAt,
  acceptance_number: data.acceptanceNumber,
  business_line: data.businessLine,
  channel: data.channel,
  org_unit: data.receivedBy.orgUnit,
  received_by: data.receivedBy.jobNumber,
  // First-contact responsibility: whoever receives the complaint owns it until it is handed over.
  handler: data.receivedBy.jobNumber,
  customer_key: data.customer.pseudonym ?? ctx.customerKey(data.customer.reference),
  category: null,
  severity: null,
  responsibility: null,
  form: null,
  incident_id: null,
  classified_at: null,
  abnormal: 0,
  merged_into: null,
  duplicate_count: 0,
  registered_at: data.receivedAt,
  acknowledged_at: null,
  reply_mode: null,
  reply_deadline: null,
  first_reply_at: null,
  interim_reply_count: 0,
  last_interim_reply_at: null,
  final_reply_at: null,
  deadline_met: null,
  dispatch_count: 0,
  overdue_dispatch_count: 0,
  escalation_level: 0,
  escalated: 0,
  investigated_at: null,
  resolution_status: null,
  resolution_amount: null,
  follow_up_count: 0,
  followed_up_at: null,
  follow_up_result: null,
  follow_up_timeliness: null,
  follow_up_attitude: null,
  follow_up_would_reuse: null,
  status: 'registered',
  closed_at: null,
  close_outcome: null,
  reopened_at: null,
  reopen_count: 0,
  withdrawn_at: null,
  source_system: data.source?.system ?? '',
  source_external_id: data.source?.externalId ?? '',
  open_dispatch_ids: [],
  open_dispatch_assignees: [],
  dispatched_units: [],
  cause_codes: [],
  appeal_pending: 0,
});

/** A reopen starts a new handling cycle: its fields are cleared, as the domain clears them. */
const CYCLE_CLEARED: Partial<ComplaintRow> = {
  acknowledged_at: null,
  reply_mode: null,
  reply_deadline: null,
  first_reply_at: null,
  final_reply_at: null,
  deadline_met: null,
  resolution_status: null,
  resolution_amount: null,
  closed_at: null,
  close_outcome: null,
};

const changes = (row: ComplaintRow, facts: Exclude<ComplaintFacts, Registered>): Partial<ComplaintRow> => {
  switch (facts.type) {
    case 'ComplaintClassified': {
      const d = facts.data;
      return {
        category: d.category,
        severity: d.severity,
        responsibility: d.responsibility,
        form: d.form,
        incident_id: d.incidentId ?? null,
        classified_at: d.classifiedAt,
      };
    }
    case 'ComplaintFlaggedAbnormal':
      return { abnormal: 1 };
    case 'ComplaintAcknowledged':
      return {
        status: 'acknowledged',
        acknowledged_at: facts.data.acknowledgedAt,
        reply_mode: facts.data.mode,
        reply_deadline: facts.data.replyDeadline,
      };
    case 'InterimReplySent':
      return {
        reply_deadline: facts.data.nextDeadline,
        interim_reply_count: row.interim_reply_count + 1,
        last_interim_reply_at: facts.data.sentAt,
        first_reply_at: row.first_reply_at ?? facts.data.sentAt,
      };
    case 'ComplaintDispatched': {
      const { assigneeKind, assignee, dispatchId } = facts.data;
      return {
        dispatch_count: row.dispatch_count + 1,
        handler: assigneeKind === 'handler' ? assignee : row.handler,
        open_dispatch_ids: [...row.open_dispatch_ids, dispatchId],
        open_dispatch_assignees: [...row.open_dispatch_assignees, assignee],
        dispatched_units:
          assigneeKind === 'department' && !row.dispatched_units.includes(assignee)
            ? [...row.dispatched_units, assignee]
            : row.dispatched_units,
      };
    }
    case 'DispatchReturned': {
      const open = row.open_dispatch_ids.map((id, i) => [id, row.open_dispatch_assignees[i]] as const);
      const left = open.filter(([id]) => id !== facts.data.dispatchId);
      return {
        overdue_dispatch_count: row.overdue_dispatch_count + (facts.data.overdue ? 1 : 0),
        open_dispatch_ids: left.map(([id]) => id),
        open_dispatch_assignees: left.map(([, assignee]) => assignee ?? ''),
      };
    }
    case 'ComplaintEscalated':
      return { escalation_level: Math.max(row.escalation_level, facts.data.toLevel), escalated: 1 };
    case 'SuperiorNotifiedOfEscalation':
    case 'RootCausesAttributed':
    case 'CauseAppealFiled':
    case 'CauseAppealDecided':
    case 'CauseConsequenceDecided':
      return {};
    case 'InvestigationFindingRecorded':
      return { investigated_at: row.investigated_at ?? facts.data.recordedAt };
    case 'ResolutionProposed':
      return {
        resolution_status: facts.data.requiresApproval ? 'awaiting-approval' : 'offered',
        resolution_amount: facts.data.totalAmount,
      };
    case 'ResolutionApproved':
      return { resolution_status: 'offered' };
    case 'ResolutionRejected':
      return { resolution_status: 'rejected-by-approver' };
    case 'ResolutionAcceptedByCustomer':
      return { resolution_status: 'accepted' };
    case 'ResolutionRejectedByCustomer':
      return { resolution_status: 'rejected-by-customer' };
    case 'ResolutionImplemented':
      return { resolution_status: 'implemented' };
    case 'FinalReplySent':
      return {
        status: 'replied',
        final_reply_at: facts.data.repliedAt,
        reply_deadline: facts.data.deadlineInForce,
        deadline_met: facts.data.onTime ? 1 : 0,
        first_reply_at: row.first_reply_at ?? facts.data.repliedAt,
      };
    case 'FollowUpRecorded': {
      const { answers } = facts.data;
      return {
        follow_up_count: row.follow_up_count + 1,
        followed_up_at: facts.data.recordedAt,
        follow_up_result: answers.resultSatisfaction,
        follow_up_timeliness: answers.timeliness,
        follow_up_attitude: answers.attitudeSatisfaction,
        follow_up_would_reuse: answers.wouldReuse,
      };
    }
    case 'ComplaintClosed':
      return { status: 'closed', closed_at: facts.data.closedAt, close_outcome: facts.data.outcome };
    case 'ComplaintReopened':
      return {
        ...CYCLE_CLEARED,
        status: 'registered',
        reopened_at: facts.data.reopenedAt,
        reopen_count: facts.data.reopenCount,
      };
    case 'ComplaintWithdrawn':
      return { status: 'withdrawn', withdrawn_at: facts.data.withdrawnAt };
    case 'ComplaintMergedInto':
      return { status: 'merged', merged_into: facts.data.intoComplaintId };
    case 'DuplicateComplaintMerged':
      return { duplicate_count: row.duplicate_count + 1 };
    default:
      return assertNever(facts);
  }
};

/** The `complaints` row after one more event: the previous row evolved, stamped with the event. */
export const evolveComplaintRow = (
  row: ComplaintRow,
  facts: Exclude<ComplaintFacts, Registered>,
  event: EventIdentity,
): ComplaintRow => ({
  ...row,
  ...changes(row, facts),
  version: event.streamRevision,
  global_position: event.globalPosition,
  updated_at: event.occurredAt,
});
