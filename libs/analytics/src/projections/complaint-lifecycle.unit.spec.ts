import { complaintStream } from '@app/complaints';
import {
  acknowledgedImmediately,
  ev,
  merged,
  registered,
  replied,
  target,
  withdrawn,
} from '@app/complaints/test-support/complaint-events';
import { CLERK, COMPLAINT_ID, CUSTOMER_REFERENCE, T, TARGET_ID } from '@app/complaints/test-support/fixtures';
import { HANDLER, L, complaintOf, ctx, fullLifecycle, project } from '../test-support/projection-fixtures';

const STREAM = complaintStream(COMPLAINT_ID);

describe('complaint projection: events in, rows out', () => {
  describe('a full lifecycle', () => {
    const events = fullLifecycle();
    const untilClosed = project(events.slice(0, -1));
    const afterReopen = project(events);

    it('folds into one complaints row per complaint holding the state after the last event', () => {
      expect(untilClosed.rows.complaints).toEqual([complaintOf(untilClosed, STREAM)]);
      expect(complaintOf(untilClosed, STREAM)).toEqual({
        complaint_id: COMPLAINT_ID,
        version: 11,
        global_position: '12',
        updated_at: L.closed,
        acceptance_number: 'PO-20260302-0001',
        business_line: 'postal',
        channel: 'counter',
        org_unit: 'branch-12',
        received_by: CLERK,
        handler: HANDLER,
        customer_key: ctx.customerKey(CUSTOMER_REFERENCE),
        category: 'item-damaged',
        severity: 'minor',
        responsibility: 'at-fault',
        form: 'quality',
        incident_id: null,
        classified_at: T.classified,
        abnormal: 0,
        merged_into: null,
        duplicate_count: 0,
        registered_at: T.received,
        acknowledged_at: T.acknowledged,
        reply_mode: 'deferred',
        reply_deadline: T.extendedDeadline,
        first_reply_at: T.handling,
        interim_reply_count: 1,
        last_interim_reply_at: T.handling,
        final_reply_at: L.lateReply,
        deadline_met: 0,
        dispatch_count: 1,
        overdue_dispatch_count: 0,
        escalation_level: 1,
        escalated: 1,
        investigated_at: T.handling,
        resolution_status: null,
        resolution_amount: null,
        follow_up_count: 1,
        followed_up_at: L.followedUp,
        follow_up_result: 'satisfied',
        follow_up_timeliness: 'timely',
        follow_up_attitude: 'satisfied',
        follow_up_would_reuse: 'yes',
        status: 'closed',
        closed_at: L.closed,
        close_outcome: 'resolved',
        reopened_at: null,
        reopen_count: 0,
        withdrawn_at: null,
        source_system: '',
        source_external_id: '',
        // Dispatched to handler S4001 as D1, returned: none open; no department was ever dispatched to.
        open_dispatch_ids: [],
        open_dispatch_assignees: [],
        dispatched_units: [],
        cause_codes: ['sorting-error'],
        appeal_pending: 0,
      });
    });

    it('keeps the open dispatches, the departments dispatched to, the upstream pair and pending appeals', () => {
      const dispatched = project([
        ev.registered({ source: { system: 'hotline-platform', externalId: 'HL-7' } }),
        ev.dispatched({ dispatchId: 'D1', assigneeKind: 'department', assignee: 'sorting-centre' }),
        ev.dispatched({ dispatchId: 'D2', assigneeKind: 'handler', assignee: HANDLER }),
        {
          type: 'DispatchReturned',
          data: {
            complaintId: COMPLAINT_ID,
            dispatchId: 'D1',
            result: 'Done',
            returnedAt: L.dispatchReturned,
            overdue: false,
          },
        },
        ev.findingRecorded(),
        ev.causesAttributed(),
        {
          type: 'CauseAppealFiled',
          data: {
            complaintId: COMPLAINT_ID,
            causeId: 'C1',
            staffJobNumber: 'S5001',
            reason: 'Not my shift',
            filedAt: L.followedUp,
          },
        },
      ]);
      expect(complaintOf(dispatched, STREAM)).toMatchObject({
        source_system: 'hotline-platform',
        source_external_id: 'HL-7',
        open_dispatch_ids: ['D2'],
        open_dispatch_assignees: [HANDLER],
        dispatched_units: ['sorting-centre'],
        cause_codes: ['sorting-error'],
        appeal_pending: 1,
      });
    });

    it('writes one complaint_events row per event, with the facts as of that event', () => {
      const rows = afterReopen.rows.complaint_events;
      expect(rows.map((row) => [row.stream_revision, row.type])).toEqual(
        events.map((event, revision) => [revision, event.type]),
      );
      expect(rows[0]).toEqual({
        event_id: '00000000-0000-4000-8000-000000000001',
        global_position: '1',
        stream_id: STREAM,
        stream_revision: 0,
        complaint_id: COMPLAINT_ID,
        type: 'ComplaintRegistered',
        schema_version: 1,
        occurred_at: T.received,
        recorded_at: '2026-03-02T09:00:01.000Z',
        actor_id: 'S1001',
        business_line: 'postal',
        channel: 'counter',
        org_unit: 'branch-12',
        category: null,
        severity: null,
        escalation_level: null,
        deadline_at: null,
        on_time: null,
        amount: null,
      });
      const byType = Object.fromEntries(rows.map((row) => [row.type, row]));
      expect(byType.ComplaintClassified).toMatchObject({ category: 'item-damaged', severity: 'minor' });
      expect(byType.ComplaintAcknowledged).toMatchObject({ deadline_at: T.deadline });
      expect(byType.InterimReplySent).toMatchObject({ deadline_at: T.extendedDeadline });
      expect(byType.ComplaintDispatched).toMatchObject({ deadline_at: T.dispatchDue });
      expect(byType.DispatchReturned).toMatchObject({ on_time: 1 });
      expect(byType.ComplaintEscalated).toMatchObject({ escalation_level: 1 });
      expect(byType.FinalReplySent).toMatchObject({ deadline_at: T.extendedDeadline, on_time: 0 });
    });

    it('a reopen starts a new handling cycle and counts the repeat', () => {
      expect(complaintOf(afterReopen, STREAM)).toEqual({
        ...complaintOf(untilClosed, STREAM),
        version: 12,
        global_position: '13',
        updated_at: T.reopened,
        status: 'registered',
        reopened_at: T.reopened,
        reopen_count: 1,
        acknowledged_at: null,
        reply_mode: null,
        reply_deadline: null,
        first_reply_at: null,
        final_reply_at: null,
        deadline_met: null,
        closed_at: null,
        close_outcome: null,
      });
    });

    it('writes the attributed cause and the follow-up answers', () => {
      expect(afterReopen.rows.complaint_causes).toEqual([
        {
          complaint_id: COMPLAINT_ID,
          cause_id: 'C1',
          version: 8,
          global_position: '9',
          business_line: 'postal',
          family: 'service-capacity',
          cause_code: 'sorting-error',
          responsible_unit: 'hub-2',
          staff_job_number: 'S3001',
          attributed_at: T.handling,
          active: 1,
          deactivated_at: null,
          appeal_filed_at: null,
          appeal_outcome: null,
          appeal_decided_at: null,
          consequence_severity: null,
          decided_consequence: null,
          decided_points: null,
          consequence_decided_by: null,
          consequence_decided_at: null,
          consequence: null,
          consequence_points: null,
          appeal_decided_by: null,
        },
      ]);
      expect(afterReopen.rows.follow_ups).toEqual([
        {
          complaint_id: COMPLAINT_ID,
          stream_revision: 10,
          event_id: '00000000-0000-4000-8000-00000000000b',
          global_position: '11',
          business_line: 'postal',
          channel: 'counter',
          org_unit: 'branch-12',
          handler: HANDLER,
          method: 'phone',
          level: 'team-lead',
          result_satisfaction: 'satisfied',
          timeliness: 'timely',
          attitude_satisfaction: 'satisfied',
          would_reuse: 'yes',
          recorded_at: L.followedUp,
        },
      ]);
    });

    it('meets the deadline when the final reply is on time', () => {
      const onTime = complaintOf(project(replied()), STREAM);
      expect(onTime).toMatchObject({
        status: 'replied',
        reply_deadline: T.deadline,
        final_reply_at: T.replied,
        first_reply_at: T.replied,
        deadline_met: 1,
      });
    });
  });

  it('an immediate reply: acknowledged and answered on the spot', () => {
    expect(complaintOf(project(acknowledgedImmediately()), STREAM)).toMatchObject({
      reply_mode: 'immediate',
      acknowledged_at: T.acknowledged,
      reply_deadline: T.acknowledged,
      first_reply_at: T.acknowledged,
      final_reply_at: T.acknowledged,
      deadline_met: 1,
      interim_reply_count: 0,
      status: 'replied',
    });
  });

  it('an abnormal complaint is flagged, not dropped', () => {
    const projection = project([...registered(), ev.classified(), flagged()]);
    expect(complaintOf(projection, STREAM)).toMatchObject({ abnormal: 1, status: 'registered', version: 2 });
    expect(projection.rows.complaint_events.map((row) => row.type)).toContain('ComplaintFlaggedAbnormal');
  });

  it('a merged duplicate points at the surviving complaint, which counts it', () => {
    const projection = project([
      ...target(),
      ...merged(),
      {
        type: 'DuplicateComplaintMerged',
        data: {
          complaintId: TARGET_ID,
          duplicateComplaintId: COMPLAINT_ID,
          duplicateChannel: 'counter',
          mergedAt: T.handling,
        },
      },
    ]);
    expect(complaintOf(projection, STREAM)).toMatchObject({ status: 'merged', merged_into: TARGET_ID });
    expect(complaintOf(projection, complaintStream(TARGET_ID))).toMatchObject({
      status: 'registered',
      channel: 'hotline-11185',
      duplicate_count: 1,
      merged_into: null,
    });
  });

  it('a withdrawn complaint, then closed as withdrawn', () => {
    const projection = project([...withdrawn(), ev.closed({ outcome: 'withdrawn', closedAt: T.closed })]);
    expect(complaintOf(projection, STREAM)).toMatchObject({
      status: 'closed',
      withdrawn_at: T.handling,
      close_outcome: 'withdrawn',
      closed_at: T.closed,
      final_reply_at: null,
    });
  });

  it('a resolution through approval, acceptance and implementation', () => {
    const projection = project([
      ...registered(),
      ev.proposed({ totalAmount: 800, requiresApproval: true }),
      ev.approved(),
      ev.acceptedByCustomer(),
    ]);
    expect(complaintOf(projection, STREAM)).toMatchObject({
      resolution_status: 'accepted',
      resolution_amount: 800,
    });
    expect(projection.rows.complaint_events.find((row) => row.type === 'ResolutionProposed')).toMatchObject({
      amount: 800,
    });
    const implemented = project([...registered(), ev.proposed(), ev.implemented()]);
    expect(complaintOf(implemented, STREAM)).toMatchObject({
      resolution_status: 'implemented',
      resolution_amount: 200,
    });
  });

  it('escalation keeps the highest level reached; a dispatch to a department keeps the handler', () => {
    const projection = project([
      ...registered(),
      ev.escalated({ toLevel: 3, urgent: true, skippedLevels: [1, 2] }),
      ev.escalated({ fromLevel: 3, toLevel: 2 }),
      ev.dispatched(),
    ]);
    expect(complaintOf(projection, STREAM)).toMatchObject({
      escalation_level: 3,
      escalated: 1,
      dispatch_count: 1,
      handler: CLERK,
    });
  });
});

const flagged = () =>
  ({
    type: 'ComplaintFlaggedAbnormal',
    data: { complaintId: COMPLAINT_ID, reason: 'Asks for ten times the value', flaggedAt: T.classified },
  }) as const;
