import { type ComplaintEvent, type DomainEvent } from '@app/complaints';
import { ev } from '@app/complaints/test-support/complaint-events';
import { actionEv } from '@app/complaints/test-support/corrective-action-builders';
import { COMPLAINT_ID, T } from '@app/complaints/test-support/fixtures';

/**
 * Every complaint event type, one after another as if in one stream, with a marker in every field
 * that `PERSONAL_DATA_PATHS` lists (and nowhere else), so a search for the marker finds any leak; plus
 * the corrective-action types, whose texts are not personal.
 */
export const eventsWithPersonalData = (marker: string, reference = `${marker}-REF`): DomainEvent[] => {
  const text = (what: string) => `${marker} ${what}`;
  const complaint: ComplaintEvent[] = [
    ev.registered({
      customer: {
        reference,
        name: text('王芳 Wang Fang'),
        contact: {
          phone: text('+86 138 0000 4321'),
          email: text('wang@example.com'),
          address: text('12 Garden Rd'),
        },
      },
      description: text('my parcel arrived broken'),
      demand: text('pay me for the vase'),
      referral: { referredBy: '12315', referenceNumber: 'R-2026-0042' },
      tags: [text('older customer'), text('repeat caller')],
    }),
    ev.classified({ incidentId: 'INC-7' }),
    {
      type: 'ComplaintFlaggedAbnormal',
      data: { complaintId: COMPLAINT_ID, reason: text('asks for too much'), flaggedAt: T.classified },
    },
    ev.acknowledged(),
    ev.interimReplySent({ statusTold: text('told Ms Wang the hub is checking') }),
    ev.dispatched({ instructions: text('call Ms Wang at home') }),
    {
      type: 'DispatchReturned',
      data: {
        complaintId: COMPLAINT_ID,
        dispatchId: 'D1',
        result: text('spoke to her husband'),
        returnedAt: T.dispatchReturned,
        overdue: true,
      },
    },
    ev.escalated({ reason: text('customer threatens the press') }),
    {
      type: 'SuperiorNotifiedOfEscalation',
      data: { complaintId: COMPLAINT_ID, level: 1, notifiedAt: T.handling },
    },
    ev.findingRecorded({
      what: text('crushed'),
      who: text('Ms Wang and driver Li'),
      where: text('her flat'),
      when: text('Tuesday morning'),
      customerWants: text('a refund'),
    }),
    ev.causesAttributed(),
    ev.proposed({
      options: [{ kind: 'apology' }, { kind: 'compensation', amount: 900, note: text('for Ms Wang') }],
      totalAmount: 900,
    }),
    {
      type: 'ResolutionRejected',
      data: {
        complaintId: COMPLAINT_ID,
        proposalId: 'P1',
        rejectedBy: 'S2001',
        reason: text('too generous'),
        rejectedAt: T.handling,
      },
    },
    ev.approved({ proposalId: 'P1', note: text('fine') }),
    {
      type: 'ResolutionRejectedByCustomer',
      data: {
        complaintId: COMPLAINT_ID,
        proposalId: 'P1',
        reason: text('not enough'),
        rejectedAt: T.handling,
      },
    },
    ev.acceptedByCustomer({ proposalId: 'P1' }),
    ev.implemented({ proposalId: 'P1', note: text('apologised at her door') }),
    ev.finalReplySent({ summary: text('Dear Ms Wang') }),
    ev.followUpRecorded({ comment: text('she wants a call before noon') }),
    ev.appealFiled({ reason: text('not my fault') }),
    ev.consequenceDecided(),
    ev.appealDecided({ outcome: 'upheld', note: text('the camera shows otherwise') }),
    ev.closed(),
    ev.reopened({ reason: text('the new vase broke too') }),
    ev.withdrawn({ reason: text('moving abroad') }),
    ev.mergedInto({ reason: text('same as her phone call') }),
    {
      type: 'DuplicateComplaintMerged',
      data: {
        complaintId: COMPLAINT_ID,
        duplicateComplaintId: 'c-999',
        duplicateChannel: 'counter',
        mergedAt: T.handling,
      },
    },
  ];
  return [
    ...complaint,
    actionEv.proposed(),
    actionEv.started(),
    actionEv.completed(),
    {
      type: 'CorrectiveActionVerified',
      data: {
        actionId: 'ca-1',
        effective: true,
        note: 'fewer calls',
        verifiedBy: 'S2001',
        verifiedAt: T.reopened,
      },
    },
    {
      type: 'WeeklyPackArchived',
      data: {
        archiveId: 'postal.2026-W10.*',
        businessLine: 'postal',
        week: '2026-W10',
        orgUnit: null,
        timeZone: 'Asia/Shanghai',
        definitionsVersion: 'sha256:0123456789abcdef',
        figures: { volume: { count: 8 } },
        generatedAt: T.reopened,
      },
    },
    {
      type: 'QualityMeetingHeld',
      data: {
        meetingId: 'm-1',
        businessLine: 'postal',
        week: '2026-W10',
        orgUnits: ['hub-2'],
        heldAt: T.reopened,
        attendees: ['S2001'],
        reviewedArchiveId: 'postal.2026-W10.*',
        chairedBy: 'S2001',
        recordedAt: T.reopened,
      },
    },
    {
      type: 'MeetingFindingRecorded',
      data: {
        meetingId: 'm-1',
        findingId: 'f-1',
        causeCodes: ['sorting-error'],
        summary: 'Sorting errors doubled',
        recordedAt: T.reopened,
      },
    },
    {
      type: 'MeetingDecisionRecorded',
      data: {
        meetingId: 'm-1',
        decisionId: 'd-1',
        findingId: 'f-1',
        actionId: 'ca-1',
        summary: 'Re-train the night shift',
        recordedAt: T.reopened,
      },
    },
  ];
};
